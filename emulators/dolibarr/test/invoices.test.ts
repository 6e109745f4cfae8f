import t from 'tap';
import { lineProperties } from '../src/invoice-lines.js';
import { filterQuery, harness, type Harness } from './helper.js';

const invoiceDate = Date.UTC(2025, 10, 14) / 1000;
const payment = { datepaye: invoiceDate, paymentid: 6, closepaidinvoices: 'yes', accountid: 1, num_payment: 'pi_123', comment: 'Stripe' };

async function withCustomer(h: Harness): Promise<void> {
  await h.call('POST', '/thirdparties', { name: 'Ada', email: 'ada@example.com', client: 1 });
}

function line(subprice: number, tva_tx = 20, qty = 1): Record<string, unknown> {
  return { desc: 'Reading', subprice, qty, tva_tx, product_type: 1 };
}

t.test('POST computes the totals line by line, as calcul_price_total does', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  const created = await h.call('POST', '/invoices', { socid: 1, date: invoiceDate, ref_ext: 'pi_123', lines: [line(11.67), line(24.17)] });
  t.equal(created.raw, '1', 'a bare integer id');
  const invoice = await h.call('GET', '/invoices/1');
  t.match(invoice.body, {
    id: '1',
    ref: '(PROV1)',
    ref_ext: 'pi_123',
    statut: '0',
    paye: '0',
    date: invoiceDate,
    total_ht: '35.84000000',
    total_tva: '7.16000000',
    total_ttc: '43.00000000',
    remaintopay: '43',
  });
  t.match(invoice.body.lines[0], { subprice: '11.67000000', tva_tx: '20.0000', total_ht: '11.67000000', total_tva: '2.33000000', total_ttc: '14.00000000' });
  t.match(h.dolibarr.invoices()[0], { total_ttc: 43, lines: [{ total_ttc: 14 }, { total_ttc: 29 }] });
});

t.test('the total with tax is rounded from the unrounded net amount', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  // 11.66667 × 1.2 = 14.000004: 14.00 with tax, 11.67 net, so 2.33 of VAT.
  await h.call('POST', '/invoices', { socid: 1, lines: [line(11.66667)] });
  // 1.005 rounds up in PHP where a naive Math.round would round down.
  await h.call('POST', '/invoices', { socid: 1, lines: [line(1.005, 0)] });
  const [first, second] = h.dolibarr.invoices();
  t.match(first, { total_ht: 11.67, total_tva: 2.33, total_ttc: 14 });
  t.match(second, { total_ht: 1.01, total_ttc: 1.01 });
});

t.test('POST checks the customer', async (t) => {
  const h = harness(t);
  const missing = await h.call('POST', '/invoices', { lines: [] });
  t.equal(missing.status, 400);
  t.equal(missing.body.error.message, 'Bad Request: socid field missing');
  const unknown = await h.call('POST', '/invoices', { socid: 5 });
  t.equal(unknown.status, 500);
  t.equal(unknown.body.error.message, 'Internal Server Error: Error creating invoice');
});

t.test("the date defaults to now, and is kept as a day in PHP's zone", async (t) => {
  const h = harness(t);
  await withCustomer(h);
  await h.call('POST', '/invoices', { socid: 1 });
  t.equal(h.dolibarr.invoices()[0]?.date, Date.UTC(2025, 10, 14) / 1000, 'midnight UTC of 2025-11-14 10:00 UTC');
  const paris = harness(t, { databaseTimeZone: 'Europe/Paris' });
  await withCustomer(paris);
  // 23:30 UTC on the 14th is already the 15th in Paris.
  await paris.call('POST', '/invoices', { socid: 1, date: Date.UTC(2025, 10, 14, 23, 30) / 1000 });
  const [invoice] = (await paris.call('GET', '/invoices')).body;
  t.equal(invoice.date, Date.UTC(2025, 10, 14, 23) / 1000, 'midnight of the 15th in Paris');
  t.equal((await paris.call('GET', `/invoices${filterQuery("(t.datef:=:'20251115')")}`)).body.length, 1, "t.datef holds the day of PHP's zone");
});

t.test('lookups by ref_ext and lists', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  const absent = await h.call('GET', '/invoices/ref_ext/pi_123');
  t.equal(absent.status, 404);
  t.equal(absent.body.error.message, 'Not Found: Invoice not found');
  const emptyList = await h.call('GET', `/invoices${filterQuery("(t.ref_ext:=:'pi_123')")}`);
  t.equal(emptyList.status, 200, 'an empty invoice list is 200 [] on modern versions');
  t.same(emptyList.body, []);
  await h.call('POST', '/invoices', { socid: 1, ref_ext: 'pi_123' });
  await h.call('POST', '/invoices', { socid: 1, ref_ext: 'pi_123' });
  t.equal((await h.call('GET', '/invoices/ref_ext/pi_123')).body.id, '1', 'duplicates are accepted; the first one is found');
  const listed = await h.call('GET', `/invoices${filterQuery("(t.ref_ext:=:'pi_123') and (t.fk_soc:=:1)")}`);
  t.same(
    listed.body.map((row: { id: string }) => row.id),
    ['1', '2'],
  );
  t.equal((await h.call('GET', '/invoices/77')).status, 404);
  t.equal((await h.call('GET', '/invoices/abc')).status, 400);
});

t.test('validation gives the final ref once, then answers 304 with no body', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  await h.call('POST', '/invoices', { socid: 1, date: invoiceDate, lines: [line(10)] });
  await h.call('POST', '/invoices', { socid: 1, date: invoiceDate, lines: [line(10)] });
  const validated = await h.call('POST', '/invoices/2/validate', { notrigger: 0 });
  t.equal(validated.status, 200);
  t.match(validated.body, { id: '2', ref: 'FA2511-0001', statut: '1' });
  t.match(validated.body, { totalpaid: null, remaintopay: null, totalcreditnotes: null }, 'validate() leaves the payment figures out');
  t.match((await h.call('GET', '/invoices/2')).body, { totalpaid: 0, remaintopay: '12', totalcreditnotes: null }, 'GET computes them');
  t.equal(validated.body.date_validation, h.clock.now.getTime() / 1000);
  const again = await h.call('POST', '/invoices/2/validate', { notrigger: 0 });
  t.equal(again.status, 304);
  t.equal(again.raw, '');
  t.equal((await h.call('POST', '/invoices/1/validate', { notrigger: 0 })).body.ref, 'FA2511-0002');
  t.equal((await h.call('POST', '/invoices/9/validate', {})).status, 404);
  await h.call('POST', '/invoices', { socid: 1, lines: [line(-10)] });
  const negative = await h.call('POST', '/invoices/3/validate', {});
  t.equal(negative.status, 200, 'the API checks no sign: a negative standard invoice validates');
});

t.test('a payment pays what remains and closes the invoice', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  await h.call('POST', '/invoices', { socid: 1, date: invoiceDate, lines: [line(11.67)] });
  await h.call('POST', '/invoices/1/validate', { notrigger: 0 });
  const paid = await h.call('POST', '/invoices/1/payments', payment);
  t.equal(paid.status, 200);
  t.equal(paid.raw, '1', 'the payment id, bare');
  t.match((await h.call('GET', '/invoices/1')).body, { statut: '2', paye: '1', totalpaid: 14, remaintopay: '0' });
  t.match(h.dolibarr.payments(), [
    { id: 1, ref: 'PAY2511-0001', num_payment: 'pi_123', accountId: 1, paymentModeId: 6, amounts: [{ invoiceId: 1, amount: 14 }] },
  ]);
  const twice = await h.call('POST', '/invoices/1/payments', payment);
  t.equal(twice.status, 400);
  t.equal(twice.body.error.message, 'Bad Request: Payment error : TotalAmountEmpty');
});

t.test('a draft is paid like any invoice, and stays a (PROVn)', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  await h.call('POST', '/invoices', { socid: 1, date: invoiceDate, lines: [line(11.67)] });
  const onDraft = await h.call('POST', '/invoices/1/payments', payment);
  t.equal(onDraft.status, 200);
  t.match((await h.call('GET', '/invoices/1')).body, { ref: '(PROV1)', paye: '1', statut: '2', remaintopay: '0' });
});

t.test('settopaid flags an invoice paid once, then answers 304', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  await h.call('POST', '/invoices', { socid: 1, lines: [line(0)] });
  await h.call('POST', '/invoices/1/validate', {});
  const paid = await h.call('POST', '/invoices/1/settopaid', {});
  t.equal(paid.status, 200);
  t.match(paid.body, { paye: '1', statut: '2' });
  t.equal((await h.call('POST', '/invoices/1/settopaid', {})).status, 304);
  t.same(h.dolibarr.payments(), [], 'no payment is booked');
});

t.test('only a draft without payments can be deleted', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  await h.call('POST', '/invoices', { socid: 1, ref_ext: 'ord_1', lines: [line(10)] });
  await h.call('POST', '/invoices', { socid: 1, ref_ext: 'ord_1', lines: [line(10)] });
  await h.call('POST', '/invoices/1/validate', {});
  const validated = await h.call('DELETE', '/invoices/1');
  t.equal(validated.status, 403);
  t.equal(validated.body.error.message, 'Forbidden: Invoice not erasable');
  const draft = await h.call('DELETE', '/invoices/2');
  t.equal(draft.status, 200);
  t.same(draft.body, { success: { code: 200, message: 'Invoice deleted' } });
  t.same(
    h.dolibarr.invoices().map((i) => i.id),
    [1],
  );
  t.equal((await h.call('DELETE', '/invoices/2')).status, 404);
});

t.test('lines without every property Facture::create() reads make PHP warnings', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  await h.call('POST', '/invoices', { socid: 1, lines: [line(10)] });
  t.ok(
    h.dolibarr.warnings().some((w) => w.includes('stdClass::$localtax1_tx')),
    'five fields leave the others undefined',
  );
  const before = h.dolibarr.warnings().length;
  const full = Object.fromEntries(lineProperties.map((name) => [name, 0]));
  await h.call('POST', '/invoices', { socid: 1, lines: [{ ...full, ...line(10) }] });
  t.equal(h.dolibarr.warnings().length, before, 'a complete line makes none');
});

t.test('payment parameters are checked as Restler does', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  await h.call('POST', '/invoices', { socid: 1, lines: [line(10)] });
  await h.call('POST', '/invoices/1/validate', {});
  const { accountid: _accountid, ...withoutAccount } = payment;
  t.equal((await h.call('POST', '/invoices/1/payments', withoutAccount)).status, 400, 'accountid has no default value');
  t.equal((await h.call('POST', '/invoices/1/payments', { ...payment, closepaidinvoices: 'maybe' })).status, 400);
  t.equal((await h.call('POST', '/invoices/1/payments', { ...payment, paymentid: 0 })).status, 400);
  t.equal((await h.call('POST', '/invoices/8/payments', payment)).status, 404);
  const open = await h.call('POST', '/invoices/1/payments', { ...payment, closepaidinvoices: 'no' });
  t.equal(open.status, 200);
  t.match((await h.call('GET', '/invoices/1')).body, { statut: '1', paye: '0', remaintopay: '0' }, 'paid but left open when asked');
});

t.test('paymentsdistributed keeps a ref_ext and checks amounts', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  await h.call('POST', '/invoices', { socid: 1, lines: [line(10)] });
  await h.call('POST', '/invoices/1/validate', {});
  const tooMuch = await h.call('POST', '/invoices/paymentsdistributed', { ...payment, arrayofamounts: { 1: { amount: '13' } } });
  t.equal(tooMuch.status, 400);
  const partial = await h.call('POST', '/invoices/paymentsdistributed', { ...payment, ref_ext: 'pi_9', arrayofamounts: { 1: { amount: '2' } } });
  t.equal(partial.raw, '1');
  t.match((await h.call('GET', '/invoices/1')).body, { paye: '0', remaintopay: '10' });
  await h.call('POST', '/invoices/paymentsdistributed', { ...payment, arrayofamounts: { 1: { amount: 'remain' } } });
  t.match((await h.call('GET', '/invoices/1')).body, { paye: '1', statut: '2' });
  t.equal(h.dolibarr.payments()[0]?.ref_ext, 'pi_9');
  const unknown = await h.call('POST', '/invoices/paymentsdistributed', { ...payment, arrayofamounts: { 5: { amount: 'remain' } } });
  t.equal(unknown.status, 404);
});

t.test('credit notes: the API checks neither source nor sign; negative lines, AV numbering', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  await h.call('POST', '/invoices', { socid: 1, date: invoiceDate, lines: [line(11.67)] });
  await h.call('POST', '/invoices/1/validate', {});
  const orphan = await h.call('POST', '/invoices', { socid: 1, type: 2, lines: [line(-11.67)] });
  t.equal(orphan.status, 200, 'a credit note without the invoice it corrects is accepted');
  const positive = await h.call('POST', '/invoices', { socid: 1, type: 2, fk_facture_source: 1, date: invoiceDate, lines: [line(11.67)] });
  t.equal(positive.status, 200);
  t.equal((await h.call('POST', `/invoices/${positive.raw}/validate`, {})).status, 200, 'a positive credit note validates');
  const negative = await h.call('POST', '/invoices', { socid: 1, type: 2, fk_facture_source: 1, date: invoiceDate, lines: [line(-11.67)] });
  const validated = await h.call('POST', `/invoices/${negative.raw}/validate`, {});
  t.match(validated.body, {
    type: '2',
    ref: 'AV2511-0002',
    fk_facture_source: '1',
    total_ht: '-11.67000000',
    total_tva: '-2.33000000',
    total_ttc: '-14.00000000',
  });
  // The API books -1 × remain on a credit note: with a negative total that is a positive amount.
  await h.call('POST', `/invoices/${negative.raw}/payments`, payment);
  t.match((await h.call('GET', `/invoices/${negative.raw}`)).body, { paye: '0', totalpaid: 14, remaintopay: '-28' });
});

t.test('a credit note is paid back through paymentsdistributed with the amount refunded, positive', async (t) => {
  const h = harness(t);
  await withCustomer(h);
  await h.call('POST', '/invoices', { socid: 1, date: invoiceDate, lines: [line(11.67)] });
  await h.call('POST', '/invoices/1/validate', {});
  await h.call('POST', '/invoices', { socid: 1, type: 2, fk_facture_source: 1, date: invoiceDate, lines: [line(-11.67)] });
  await h.call('POST', '/invoices/2/validate', {});
  const refund = { ...payment, arrayofamounts: { 2: { amount: '14', multicurrency_amount: '' } } };
  const refused = await h.call('POST', '/invoices/paymentsdistributed', refund);
  t.equal(refused.status, 400, '14 is more than the -14 that remains');
  t.equal(refused.body.error.message, 'Bad Request: Payment amount on invoice ID 2 (14) is higher than remain to pay (-14)');
  const paidBack = await h.call('POST', '/invoices/paymentsdistributed', { ...refund, accepthigherpayment: true });
  t.equal(paidBack.status, 200);
  t.match(h.dolibarr.payments(), [{ amounts: [{ invoiceId: 2, amount: -14 }] }], 'the money leaves the bank account');
  t.match((await h.call('GET', '/invoices/2')).body, { paye: '1', statut: '2', remaintopay: '0' });
  t.notOk(
    h.dolibarr.warnings().some((w) => w.includes('multicurrency_amount')),
    'multicurrency_amount given: no warning about it',
  );
});
