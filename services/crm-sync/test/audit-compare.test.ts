import t from 'tap';
import { compareDocument, type ExpectedDocument } from '../src/audit-compare.js';
import type { Invoice } from '../src/dolibarr/dolibarr-schemas.js';

const expected: ExpectedDocument = { kind: 'invoice', orderId: 'ord_1', refExt: 'ord_1', grossCents: 1400 };
let ids = 0;
const doc = (over: Partial<Invoice> = {}): Invoice => ({
  id: ++ids,
  ref: `FA2511-000${ids}`,
  refExt: 'ord_1',
  socid: 1,
  kind: 'standard',
  status: 'paid',
  paid: true,
  sourceInvoiceId: null,
  totalNetCents: 1167,
  totalVatCents: 233,
  totalGrossCents: 1400,
  remainToPayCents: 0,
  ...over,
});

t.test('a paid invoice of the right amount is no finding', async (t) => {
  t.same(compareDocument(expected, [doc()]), []);
});

t.test('missing, not validated, unpaid: running the job again fixes them', async (t) => {
  t.match(compareDocument(expected, []), [{ problem: 'missing', fix: 'resync', foundCents: null, documents: [] }]);
  t.match(compareDocument(expected, [doc({ status: 'draft', paid: false, ref: '(PROV9)' })]), [{ problem: 'not_validated', fix: 'resync' }]);
  t.match(compareDocument(expected, [doc({ status: 'validated', paid: false })]), [{ problem: 'unpaid', fix: 'resync' }]);
});

t.test('duplicates: drafts are for the job to delete, a second validated one for a person', async (t) => {
  const paid = doc();
  t.match(compareDocument(expected, [doc({ status: 'draft', paid: false }), paid]), [{ problem: 'duplicated', fix: 'resync', foundCents: 1400 }]);
  t.match(compareDocument(expected, [paid, doc({ status: 'validated', paid: false })]), [{ problem: 'duplicated', fix: 'person' }]);
});

t.test('a wrong amount needs a person, whatever else is wrong', async (t) => {
  t.match(compareDocument(expected, [doc({ totalGrossCents: 1000, status: 'validated', paid: false })]), [
    { problem: 'amount_mismatch', fix: 'person', expectedCents: 1400, foundCents: 1000 },
  ]);
  const note: ExpectedDocument = { kind: 'credit-note', orderId: 'ord_1', refExt: 'ord_1-re_1', grossCents: -500 };
  t.same(compareDocument(note, [doc({ kind: 'credit_note', refExt: 'ord_1-re_1', totalGrossCents: -500 })]), [], 'credit notes compare negative');
});
