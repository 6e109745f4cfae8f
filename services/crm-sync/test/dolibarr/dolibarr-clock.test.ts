import t from 'tap';
import {
  editedAt,
  formatWallClock,
  instantOf,
  nearestQuarterHour,
  offsetMinutes,
  parseWallClock,
  tmsOf,
  wallClockOf,
  type DolibarrClock,
} from '../../src/dolibarr/dolibarr-clock.js';

const at = Date.UTC(2025, 10, 14, 10, 0, 0);

t.test('wall-clock times are written colon-free and read back', async (t) => {
  t.equal(formatWallClock(Date.UTC(2025, 0, 2, 3, 4, 5, 999)), '20250102030405', 'seconds truncated');
  t.equal(parseWallClock('20250102030405'), Date.UTC(2025, 0, 2, 3, 4, 5));
  t.throws(() => parseWallClock('2025-01-02'), RangeError);
});

t.test('zones by name follow summer time; fixed offsets do not move', async (t) => {
  t.equal(offsetMinutes({ zone: 'Europe/Paris' }, Date.UTC(2025, 6, 1)), 120);
  t.equal(offsetMinutes({ zone: 'Europe/Paris' }, Date.UTC(2025, 11, 1)), 60);
  t.equal(offsetMinutes({ zone: 'America/New_York' }, at), -300);
  t.equal(offsetMinutes({ offsetMinutes: -300 }, Date.UTC(2025, 6, 1)), -300);
  t.equal(wallClockOf(at, { zone: 'America/New_York' }), '20251114050000');
  t.equal(instantOf('20251114050000', { zone: 'America/New_York' }), at);
  t.equal(instantOf('20251114050000', { offsetMinutes: -300 }), at);
});

t.test('an edit read through both clocks', async (t) => {
  // The database runs in New York, PHP in UTC: PHP reads the database's 05:00 as 05:00 UTC.
  const disagreeing: DolibarrClock = { database: { zone: 'America/New_York' }, php: { zone: 'UTC' }, source: 'config' };
  const answered = new Date(Date.UTC(2025, 10, 14, 5));
  t.equal(tmsOf(disagreeing, answered), '20251114050000', 'the cursor is the database wall clock');
  t.same(editedAt(disagreeing, answered), new Date(at), 'the edit really happened at 10:00 UTC');
  const agreeing: DolibarrClock = { database: { offsetMinutes: -300 }, php: { offsetMinutes: -300 }, source: 'learned' };
  t.same(editedAt(agreeing, new Date(at)), new Date(at));
  t.equal(tmsOf(agreeing, new Date(at)), '20251114050000');
});

t.test('measured differences round to a quarter of an hour', async (t) => {
  t.equal(nearestQuarterHour(-299.6), -300);
  t.equal(nearestQuarterHour(62), 60);
  t.equal(nearestQuarterHour(0.4), 0);
  t.equal(nearestQuarterHour(330), 330);
});
