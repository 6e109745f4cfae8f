import t from 'tap';
import { waitFor } from '@lumira/testing';
import { crmHarness } from './crm-harness.js';

const line = { desc: 'By hand', subprice: 8.33, qty: 1, tva_tx: 20, product_type: 1 };

t.test('the audit finds missing, duplicated, wrong-amount and unpaid documents; repair fixes what a job can', async (t) => {
  const h = await crmHarness(t);
  const u = await h.newUser('audit');
  const socid = await waitFor(async () => (await h.user(u.userId))?.dolibarrCustomerId, { what: 'link' });
  const [fine, duplicated, wrongAmount, missing] = [0, 1, 2, 3].map(() => h.order(u.userId, u.email));
  const call = async (method: 'POST', path: string, body: unknown) =>
    await h.dolibarr.app.inject({ method, url: `/api/index.php${path}`, headers: { dolapikey: 'dolibarr-key-for-crm-harness' }, payload: body as object });
  // Someone made the invoice of `wrongAmount` by hand before crm-sync ran: crm-sync finds it and pays it.
  const byHand = (await call('POST', '/invoices', { socid, ref_ext: wrongAmount!.orderId, lines: [line] })).json() as number;
  await call('POST', `/invoices/${byHand}/validate`, {});
  for (const o of [fine, duplicated, wrongAmount]) await h.bus.publish('order.completed', o!);
  await waitFor(() => [fine, duplicated, wrongAmount].every((o) => h.invoicesFor(o!.orderId).some((i) => i.paye === 1)), { what: 'invoices paid' });
  // A draft duplicate appears later (a create that committed late), and an order is missing (the module was off).
  await call('POST', '/invoices', { socid, ref_ext: duplicated!.orderId, lines: [line] });
  h.dolibarr.setMode('html');
  await h.bus.publish('order.completed', missing!);
  await waitFor(async () => (await h.job(`invoice:${missing!.orderId}`))?.lastError, { what: 'the module-off error' });

  const audit = await h.admin('/api/admin/crm/audit');
  t.equal(audit.statusCode, 503, 'Dolibarr unreadable: the audit says so');
  t.match(audit.json().error.message, /Dolibarr could not be read/);
  h.dolibarr.setMode('up');
  const report = (await h.admin('/api/admin/crm/audit')).json();
  t.match(report, { orders: 4, documents: 4, truncated: false });
  const byOrder = Object.fromEntries(report.findings.map((f: { orderId: string }) => [f.orderId, f]));
  t.notOk(byOrder[fine!.orderId], 'a fine order has no finding');
  t.match(byOrder[duplicated!.orderId], { kind: 'invoice', problem: 'duplicated', fix: 'resync', documents: [{ status: 'paid' }, { status: 'draft' }] });
  t.match(byOrder[wrongAmount!.orderId], { problem: 'amount_mismatch', expectedCents: 1400, foundCents: 1000, fix: 'person' });
  t.match(byOrder[missing!.orderId], { problem: 'missing', fix: 'resync' });

  const repair = await h.admin('/api/admin/crm/repair', {
    orderIds: [fine!.orderId, duplicated!.orderId, wrongAmount!.orderId, missing!.orderId, 'ord_unknown'],
  });
  t.equal(repair.statusCode, 202);
  t.match(repair.json(), { unknown: ['ord_unknown'], needsPerson: [{ orderId: wrongAmount!.orderId }] });
  t.same(repair.json().rearmed.sort(), [`invoice:${duplicated!.orderId}`, `invoice:${missing!.orderId}`].sort());
  await waitFor(
    async () => {
      const after = (await h.admin('/api/admin/crm/audit')).json();
      return after.findings.length === 1 && after.findings[0].orderId === wrongAmount!.orderId;
    },
    { what: 'only the wrong amount left', timeoutMs: 15_000 },
  );
  t.equal(h.invoicesFor(duplicated!.orderId).length, 1, 'the duplicate draft deleted');
  t.match(h.invoicesFor(missing!.orderId), [{ paye: 1 }], 'the missing invoice made');
});

t.test('bad input to the audit and the repair gets a 400 that says what is wrong', async (t) => {
  const h = await crmHarness(t);
  const bad = async (url: string, body?: unknown) => {
    const answer = await h.admin(url, body);
    t.equal(answer.statusCode, 400, url);
    return answer.json().error as { code: string; message: string };
  };
  t.match(await bad('/api/admin/crm/audit?from=yesterday'), { code: 'VALIDATION_ERROR', message: /from must be an ISO 8601 date-time/ });
  t.match(await bad('/api/admin/crm/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'), { message: /from must be before to/ });
  t.match(await bad('/api/admin/crm/audit?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z'), { message: /at most 400 days/ });
  t.match(await bad('/api/admin/crm/audit?limit=0'), { message: /limit/ });
  t.match(await bad('/api/admin/crm/audit?orderId=x'), { message: /orderId|Unrecognized/ });
  t.match(await bad('/api/admin/crm/repair', {}), { message: /orderIds/ });
  t.match(await bad('/api/admin/crm/repair', { orderIds: [] }), { message: /orderIds/ });
  t.match(await bad('/api/admin/crm/repair', { orderIds: ['x'.repeat(101)] }), { message: /orderIds/ });
  t.equal((await h.crm.inject({ method: 'GET', url: '/api/admin/crm/audit' })).statusCode, 401, 'the admin key is required');
  const empty = (await h.admin('/api/admin/crm/audit?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z')).json();
  t.match(empty, { from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z', orders: 0, findings: [] });
});
