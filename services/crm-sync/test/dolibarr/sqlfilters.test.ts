import t from 'tap';
import { DolibarrError } from '../../src/dolibarr/dolibarr-error.js';
import { atLeastFilter, equalsFilter, safeValue } from '../../src/dolibarr/sqlfilters.js';

t.test('builds quoted criteria', async (t) => {
  t.equal(equalsFilter('t.email', 'ada@example.com'), "(t.email:=:'ada@example.com')");
  t.equal(atLeastFilter('t.tms', '20251114100000'), "(t.tms:>=:'20251114100000')");
});

t.test('refuses values that could leave the quotes or break the criterion', async (t) => {
  for (const value of ["o'brien@example.com", "x') or (t.rowid:>:0", 'a(b', 'a)b', 'a:b', 'a\\', 'a\nb', '"', '']) {
    t.throws(() => equalsFilter('t.email', value), { name: 'DolibarrError', kind: 'client', retryable: false }, JSON.stringify(value));
  }
  t.throws(() => equalsFilter('t.email) or (t.rowid', 'x'), DolibarrError, 'field names are checked too');
  t.equal(safeValue('pi_3Q0abc-1.2'), 'pi_3Q0abc-1.2');
});
