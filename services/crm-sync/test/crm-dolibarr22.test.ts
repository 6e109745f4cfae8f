import t from 'tap';
import type { EventData } from '@lumira/contracts';
import { waitFor } from '@lumira/testing';
import { crmHarness, type CrmHarness } from './crm-harness.js';

/** What a real Dolibarr 22.0.4 did to crm-sync (issue 13), replayed against the emulator that now does it. */

const linked = async (h: CrmHarness, userId: string) => await waitFor(async () => (await h.user(userId))?.dolibarrCustomerId, { what: 'link' });
const jobDone = async (h: CrmHarness, id: string) =>
  await waitFor(async () => ((await h.job(id))?.status === 'done' ? await h.job(id) : null), { what: `${id} done`, timeoutMs: 15_000 });
/** Waits for `n` pulls that started after now. */
const pulls = async (h: CrmHarness, n: number) => {
  let seen = (await h.status()).lastPullAt as string | null;
  for (let i = 0; i < n; i++) {
    const before = seen;
    seen = await waitFor(
      async () => {
        const at = (await h.status()).lastPullAt as string | null;
        return at !== before ? at : null;
      },
      { what: 'a pull' },
    );
  }
};

t.test('1. a purchase is validated and paid at the first try: the validate answer with null figures is no error', async (t) => {
  const h = await crmHarness(t);
  const u = await h.newUser('first-try');
  const o = h.order(u.userId, u.email);
  await h.bus.publish('order.completed', o);
  const job = await jobDone(h, `invoice:${o.orderId}`);
  t.equal(job?.attempts, 1, 'one try');
  t.match(h.invoicesFor(o.orderId), [{ statut: 2, paye: 1 }]);
  const status = await h.status();
  t.equal(status.lastError, null);
  t.notMatch((await h.crm.inject({ method: 'GET', url: '/metrics' })).body, /crm_failures_total\{[^}]*kind="invoice"/, 'no failure counted');
});

t.test("2. a technical error page ending by close is an outage with Dolibarr's words; the work lands after it", async (t) => {
  const h = await crmHarness(t);
  const u = await h.newUser('page');
  await linked(h, u.userId);
  h.dolibarr.injectFailure({ method: 'POST', path: /^\/invoices$/, status: 500, technicalError: 'close' });
  const o = h.order(u.userId, u.email);
  await h.bus.publish('order.completed', o);
  await jobDone(h, `invoice:${o.orderId}`);
  t.equal(h.invoicesFor(o.orderId).length, 1);
  t.match((await h.crm.inject({ method: 'GET', url: '/metrics' })).body, /crm_failures_total\{[^}]*reason="server"[^}]*\} 1/, 'one outage counted');
});

t.test('3. a slow Dolibarr (a locked table) makes one invoice, not three', async (t) => {
  const h = await crmHarness(t, { emulator: { slowDelayMs: 1500 }, env: { DOLIBARR_TIMEOUT_MS: '500', DOLIBARR_SETTLE_MS: '4000' } });
  const u = await h.newUser('locked');
  await linked(h, u.userId);
  let creates = 0;
  h.dolibarr.app.server.on('request', (request: { method?: string; url?: string }) => {
    if (request.method === 'POST' && request.url === '/api/index.php/invoices') creates++;
  });
  h.dolibarr.setMode('locked');
  const o = h.order(u.userId, u.email);
  await h.bus.publish('order.completed', o);
  await waitFor(() => h.invoicesFor(o.orderId).length > 0, { what: 'the late commit', timeoutMs: 10_000 });
  h.dolibarr.setMode('up');
  await jobDone(h, `invoice:${o.orderId}`);
  // Every create sent commits sooner or later: wait for all of them before counting.
  await waitFor(() => h.invoicesFor(o.orderId).length === creates, { what: 'every create committed', timeoutMs: 10_000 });
  t.equal(creates, 1, 'one create sent');
  t.match(h.invoicesFor(o.orderId), [{ paye: 1 }], 'one invoice, paid');
  t.equal(h.dolibarr.payments().length, 1);
});

t.test('3b. a create that commits after the settling window leaves a duplicate draft: the audit finds it, repair deletes it', async (t) => {
  const h = await crmHarness(t, { emulator: { slowDelayMs: 3000 }, env: { DOLIBARR_TIMEOUT_MS: '300', DOLIBARR_SETTLE_MS: '500' } });
  const u = await h.newUser('late');
  await linked(h, u.userId);
  let creates = 0;
  // The table stays locked for the first create only: the second one, sent once the window is over, goes through.
  h.dolibarr.app.server.on('request', (request: { method?: string; url?: string }) => {
    if (request.method === 'POST' && request.url === '/api/index.php/invoices' && ++creates === 2) h.dolibarr.setMode('up');
  });
  h.dolibarr.setMode('locked');
  const o = h.order(u.userId, u.email);
  await h.bus.publish('order.completed', o);
  await jobDone(h, `invoice:${o.orderId}`);
  await waitFor(() => h.invoicesFor(o.orderId).length === 2, { what: 'the late commit', timeoutMs: 10_000 });
  t.equal(creates, 2, "a second create only once the first one's window was over");

  const report = (await h.admin('/api/admin/crm/audit')).json();
  t.match(report.findings, [{ orderId: o.orderId, problem: 'duplicated', fix: 'resync' }]);
  const repair = await h.admin('/api/admin/crm/repair', { orderIds: [o.orderId] });
  t.same(repair.json().rearmed, [`invoice:${o.orderId}`]);
  const job = await waitFor(async () => (h.invoicesFor(o.orderId).length === 1 ? await jobDone(h, `invoice:${o.orderId}`) : null), {
    what: 'the draft deleted',
  });
  t.match(h.invoicesFor(o.orderId), [{ paye: 1 }], 'the paid one is kept');
  t.match(job?.notes, [/duplicate draft \(PROV\d+\) \(id \d+\) deleted/]);
  t.match((await h.status()).notes, [{ jobId: `invoice:${o.orderId}`, message: /deleted/ }]);
});

t.test("4. Dolibarr's clean-up of our own write is not taken for an edit", async (t) => {
  const h = await crmHarness(t);
  const changes: EventData<'crm.customer.changed'>[] = [];
  await h.bus.subscribe({ durable: 'echo-watch', handlers: { 'crm.customer.changed': async (data) => void changes.push(data) } });
  const u = await h.newUser('echo', '  Dave <i>Lune</i> ');
  const id = await linked(h, u.userId);
  t.match(
    h.dolibarr.thirdparties().find((tp) => tp.id === id),
    { name: 'Dave Lune' },
  );
  await pulls(h, 2);
  t.equal((await h.user(u.userId))?.name, '  Dave <i>Lune</i> ', 'the user keeps the name they gave');
  t.same(changes, []);
});

t.test('5. Dolibarr west of UTC: edits come back, at the time they were made', async (t) => {
  t.test('the zone learned from the server', async (t) => {
    const h = await crmHarness(t, { emulator: { databaseTimeZone: 'America/New_York' } });
    const u = await h.newUser('west');
    const id = await linked(h, u.userId);
    await waitFor(async () => (await h.status()).pullCursor, { what: 'a first pull' });
    // Dolibarr stamps to the second: an edit in the second the profile changed is not "later" than it.
    await pulls(h, 2);
    h.dolibarr.editThirdparty(id, { name: 'Élise Martin' });
    await waitFor(async () => (await h.user(u.userId))?.name === 'Élise Martin', { what: 'the edit', timeoutMs: 10_000 });
    t.match((await h.status()).clock, { source: 'learned', database: 'UTC-300min', php: 'UTC-300min' });
  });

  t.test('PHP in UTC, the database in New York: the edit is not taken for one five hours old', async (t) => {
    const h = await crmHarness(t, { emulator: { databaseTimeZone: 'America/New_York', phpTimeZone: 'UTC' } });
    const changes: EventData<'crm.customer.changed'>[] = [];
    await h.bus.subscribe({ durable: 'tz-watch', handlers: { 'crm.customer.changed': async (data) => void changes.push(data) } });
    const u = await h.newUser('split');
    const id = await linked(h, u.userId);
    await waitFor(async () => (await h.status()).pullCursor, { what: 'a first pull' });
    // Dolibarr stamps to the second: an edit in the second the profile changed is not "later" than it.
    await pulls(h, 2);
    const editedAt = Date.now();
    h.dolibarr.editThirdparty(id, { phone: '0611223344' });
    await waitFor(async () => (await h.user(u.userId))?.phone === '0611223344', { what: 'the edit', timeoutMs: 10_000 });
    t.ok(Math.abs(new Date(changes[0]?.modifiedAt ?? 0).getTime() - editedAt) < 5_000, 'modifiedAt is when the edit was made');
    t.match((await h.status()).clock, { database: 'UTC-300min', php: 'UTC+0min' });
  });

  t.test('the zone from DOLIBARR_TIMEZONE', async (t) => {
    const h = await crmHarness(t, { emulator: { databaseTimeZone: 'America/New_York' }, env: { DOLIBARR_TIMEZONE: 'America/New_York' } });
    const u = await h.newUser('configured');
    const id = await linked(h, u.userId);
    await waitFor(async () => (await h.status()).pullCursor, { what: 'a first pull' });
    // Dolibarr stamps to the second: an edit in the second the profile changed is not "later" than it.
    await pulls(h, 2);
    h.dolibarr.editThirdparty(id, { name: 'Élise Martin' });
    await waitFor(async () => (await h.user(u.userId))?.name === 'Élise Martin', { what: 'the edit', timeoutMs: 10_000 });
    t.match((await h.status()).clock, { source: 'config', database: 'America/New_York' });
  });
});

t.test("6. a refusal from Dolibarr's database is parked as failed with its words; a long name is cut to fit", async (t) => {
  const h = await crmHarness(t);
  h.dolibarr.injectFailure({ method: 'POST', path: /^\/thirdparties$/, status: 500, detail: "Data too long for column 'nom' at row 1", times: 3 });
  const refused = await h.newUser('refused');
  const job = await waitFor(async () => ((await h.job(`customer:${refused.userId}`))?.status === 'failed' ? await h.job(`customer:${refused.userId}`) : null), {
    what: 'parked',
  });
  t.equal(job?.attempts, 3, 'three tries, then parked');
  t.match(
    job?.lastError,
    /Dolibarr refused the request: Internal Server Error: Error creating thirdparty: Data too long for column 'nom'|Injected failure: Data too long for column 'nom'/,
  );
  t.match(await h.status(), { failed: 1 });

  const long = await h.newUser('long', `Élise ${'x'.repeat(150)}`);
  const id = await linked(h, long.userId);
  // The link is published during the push; the notes are written when the job is recorded done, after it.
  await jobDone(h, `customer:${long.userId}`);
  t.equal([...(h.dolibarr.thirdparties().find((tp) => tp.id === id)?.name ?? '')].length, 128);
  t.match((await h.status()).notes, [{ jobId: `customer:${long.userId}`, message: /name cut to 128 characters/ }]);
});

t.test('7. refunds, free orders, the last error, a wrong URL', async (t) => {
  t.test('each refund is a credit note of its amount, paid back; a repeated refund event changes nothing', async (t) => {
    const h = await crmHarness(t);
    const u = await h.newUser('refunds');
    const o = h.order(u.userId, u.email, { amount: 4900 });
    await h.bus.publish('order.completed', o);
    const refund = (refundId: string, amount: number, total: number): EventData<'order.refunded'> => ({
      ...o,
      refundId,
      amountRefunded: amount,
      totalRefunded: total,
      full: total === o.amount,
      refundedAt: new Date().toISOString(),
    });
    await h.bus.publish('order.refunded', refund('re_1', 1000, 1000));
    await h.bus.publish('order.refunded', refund('re_2', 3900, 4900));
    await h.bus.publish('order.refunded', refund('re_1', 1000, 1000), { id: 'again-re_1' });
    await jobDone(h, 'credit-note:re_1');
    await jobDone(h, 'credit-note:re_2');
    t.match(h.invoicesFor(`${o.orderId}-re_1`), [{ type: 2, total_ttc: -10, paye: 1 }]);
    t.match(h.invoicesFor(`${o.orderId}-re_2`), [{ type: 2, total_ttc: -39, paye: 1 }]);
    const refunds = h.dolibarr.payments().filter((p) => p.num_payment.startsWith('re_'));
    t.same(refunds.map((p) => p.amounts[0]?.amount).sort(), [-10, -39], 'both refunds left the bank account');
  });

  t.test('a free order invoiced (DOLIBARR_INVOICE_FREE_ORDERS) is flagged paid', async (t) => {
    const h = await crmHarness(t, { env: { DOLIBARR_INVOICE_FREE_ORDERS: 'true' } });
    const u = await h.newUser('free');
    const o = h.order(u.userId, u.email, { amount: 0, free: true, paymentIntentId: null, productId: 'simple', level: 1, productName: 'Simple' });
    await h.bus.publish('order.completed', o);
    await jobDone(h, `invoice:${o.orderId}`);
    t.match(h.invoicesFor(o.orderId), [{ total_ttc: 0, statut: 2, paye: 1 }]);
  });

  t.test('the last error goes once the work it was about succeeds', async (t) => {
    const h = await crmHarness(t);
    h.dolibarr.setMode('down');
    const u = await h.newUser('cleared');
    await waitFor(async () => (await h.status()).lastError, { what: 'an error' });
    t.match((await h.crm.inject({ method: 'GET', url: '/ready' })).json().checks.dolibarr, { detail: /failed/ });
    h.dolibarr.setMode('up');
    await linked(h, u.userId);
    await waitFor(async () => (await h.status()).lastError === null, { what: 'the error cleared' });
    t.match((await h.crm.inject({ method: 'GET', url: '/ready' })).json().checks.dolibarr, { status: 'up', detail: 'enabled' });
  });

  t.test('DOLIBARR_URL ending in /api/index.php: a configuration error, waiting at the longest delay', async (t) => {
    const probe = await crmHarness(t);
    const h = await crmHarness(t, { env: { DOLIBARR_URL: `${probe.baseUrl}/api/index.php`, CRM_RETRY_MAX_MS: '60000' } });
    const u = await h.newUser('wrong-url');
    const job = await waitFor(async () => ((await h.job(`customer:${u.userId}`))?.lastError ? await h.job(`customer:${u.userId}`) : null), {
      what: 'the error',
    });
    t.match(job?.lastError, /DOLIBARR_URL must be the instance root/);
    t.ok((job?.dueAt ?? 0) - Date.now() > 30_000, 'not hammered');
  });
});
