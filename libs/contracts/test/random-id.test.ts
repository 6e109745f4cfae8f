import t from 'tap';
import { randomText } from '../src/random-id.js';

t.test('ids drawn from the pool have the asked size and never repeat, across refills', async (t) => {
  // 3,000 × 12 bytes crosses the 4 KiB pool several times.
  const ids = Array.from({ length: 3000 }, () => randomText(12, 'base64url'));
  t.same(new Set(ids.map((id) => id.length)), new Set([16]));
  t.equal(new Set(ids).size, 3000);
  t.match(randomText(8, 'hex'), /^[0-9a-f]{16}$/);
});

t.test('the bytes look random: every hex digit turns up about as often', async (t) => {
  const counts = new Map<string, number>();
  for (const c of Array.from({ length: 2000 }, () => randomText(16, 'hex')).join('')) counts.set(c, (counts.get(c) ?? 0) + 1);
  t.equal(counts.size, 16);
  // 64,000 digits: 4,000 expected each; a pool handed out twice or left zeroed would skew this far more.
  t.same(
    [...counts.values()].filter((n) => n < 3500 || n > 4500),
    [],
  );
});

t.test('a size the pool cannot serve is refused', async (t) => {
  t.throws(() => randomText(0, 'hex'), RangeError);
  t.throws(() => randomText(4097, 'hex'), RangeError);
  t.throws(() => randomText(1.5, 'hex'), RangeError);
});
