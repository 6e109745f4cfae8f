import t from 'tap';
import { COUNTED_HORIZON_MS, expiredCounted } from '../src/counted-orders.js';

t.test('only entries completed before the horizon are dropped; undated ones are kept', async (t) => {
  const now = Date.UTC(2026, 11, 1);
  const counted = { old: now - COUNTED_HORIZON_MS - 1, edge: now - COUNTED_HORIZON_MS, recent: now - 1000, legacy: true as const };
  t.same(expiredCounted(counted, now), ['old']);
  t.same(expiredCounted({}, now), []);
});
