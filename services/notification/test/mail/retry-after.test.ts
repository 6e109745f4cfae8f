import t from 'tap';
import { parseRetryAfter } from '../../src/mail/retry-after.js';

t.test('Retry-After is read as seconds or as an HTTP date', async (t) => {
  const now = new Date('2025-11-23T10:00:00Z');
  t.equal(parseRetryAfter('7', now), 7000);
  t.equal(parseRetryAfter(' 0 ', now), 0);
  t.equal(parseRetryAfter('Sun, 23 Nov 2025 10:00:30 GMT', now), 30_000);
  t.equal(parseRetryAfter('Sun, 23 Nov 2025 09:00:00 GMT', now), 0, 'a date in the past means now');
  t.equal(parseRetryAfter('soon', now), undefined);
  t.equal(parseRetryAfter('-3', now), undefined);
  t.equal(parseRetryAfter(undefined, now), undefined);
});
