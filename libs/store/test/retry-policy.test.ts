import t from 'tap';
import { nextRetryDelayMs, shouldGiveUp } from '@lumira/store';

const base = { baseMs: 1000, maxMs: 60_000 };

t.test('the delay is drawn between 0 and an exponentially growing ceiling', async (t) => {
  t.equal(nextRetryDelayMs({ ...base, attempt: 1, random: () => 0.999999 }), 999);
  t.equal(nextRetryDelayMs({ ...base, attempt: 2, random: () => 0.999999 }), 1999);
  t.equal(nextRetryDelayMs({ ...base, attempt: 4, random: () => 0.5 }), 4000);
  t.equal(nextRetryDelayMs({ ...base, attempt: 3, random: () => 0 }), 0);
});

t.test('the ceiling is capped at maxMs, even for huge attempt numbers', async (t) => {
  t.equal(nextRetryDelayMs({ ...base, attempt: 10, random: () => 0.999999 }), 59_999);
  t.equal(nextRetryDelayMs({ ...base, attempt: 5000, random: () => 0.999999 }), 59_999);
});

t.test('with the default random source every delay stays within its bounds', async (t) => {
  const outOfBounds: string[] = [];
  for (let attempt = 1; attempt <= 12; attempt++) {
    const ceiling = Math.min(base.maxMs, base.baseMs * 2 ** (attempt - 1));
    for (let i = 0; i < 50; i++) {
      const delay = nextRetryDelayMs({ ...base, attempt });
      if (!(Number.isInteger(delay) && delay >= 0 && delay < ceiling)) outOfBounds.push(`attempt ${attempt}: ${delay}`);
    }
  }
  t.same(outOfBounds, []);
});

t.test('a Retry-After is a floor, and it wins over the cap', async (t) => {
  t.equal(nextRetryDelayMs({ ...base, attempt: 1, retryAfterMs: 5000, random: () => 0 }), 5000);
  t.equal(nextRetryDelayMs({ ...base, attempt: 8, retryAfterMs: 5000, random: () => 0.5 }), 30_000);
  t.equal(nextRetryDelayMs({ ...base, attempt: 8, retryAfterMs: 120_000, random: () => 0.5 }), 120_000);
});

t.test('giving up depends on the time spent since the first attempt', async (t) => {
  const first = new Date('2025-11-23T10:00:00Z');
  t.equal(shouldGiveUp({ firstAttemptAt: first, now: new Date('2025-11-23T10:59:59Z'), maxTotalMs: 3_600_000 }), false);
  t.equal(shouldGiveUp({ firstAttemptAt: first, now: new Date('2025-11-23T11:00:00Z'), maxTotalMs: 3_600_000 }), true);
  t.equal(shouldGiveUp({ firstAttemptAt: 1000, now: 1500, maxTotalMs: 1000 }), false);
  t.equal(shouldGiveUp({ firstAttemptAt: 1000, now: 2001, maxTotalMs: 1000 }), true);
});
