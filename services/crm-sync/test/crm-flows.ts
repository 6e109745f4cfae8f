import type { Test } from 'tap';
import type { Bus } from '@lumira/bus';
import { loadConfig } from '@lumira/config';
import type { EventData } from '@lumira/contracts';
import { crmSyncService } from '@lumira/crm-sync';
import { createDolibarrEmulator } from '@lumira/dolibarr-emulator';
import type { ServiceApp } from '@lumira/http';
import { openStore, type StoreRoot } from '@lumira/store';
import { completedOrder, tempDir, testLogger, waitFor } from '@lumira/testing';
import { userService } from '@lumira/user';

const ADMIN = 'admin-key-for-crm-tests';
const KEY = 'dolibarr-key-for-crm-tests';
let seq = 0;
const address = (tag: string) => `${tag}.${process.pid}.${seq++}@example.com`;

/** Issue 5's cases against the Dolibarr emulator, with the user service, over whichever bus `openBus` gives. */
export function crmFlows(t: Test, openBus: () => Promise<Bus>): void {
  let bus: Bus;
  let root: StoreRoot;
  let crm: ServiceApp;
  let user: ServiceApp;
  let env: Record<string, string>;
  const dolibarr = createDolibarrEmulator({ apiKey: KEY, badKeyDelayMs: 5, slowDelayMs: 400 });
  const changes: EventData<'crm.customer.changed'>[] = [];

  const buildCrm = async (over: Record<string, string> = {}) => {
    crm = await crmSyncService.build({
      config: loadConfig('crm-sync', crmSyncService.configSpec, { ...env, ...over }),
      logger: testLogger(),
      bus,
      store: root.forService('crm-sync'),
    });
    // Ready starts the producers (the worker and the pull), as the runtime does once every service is built.
    await crm.ready();
  };
  const admin = async (url: string, body?: unknown) =>
    await crm.inject({
      method: body === undefined ? 'GET' : 'POST',
      url,
      headers: { authorization: `Bearer ${ADMIN}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const status = async () => (await admin('/api/admin/crm/status')).json();
  const users = () =>
    root.forService('user').collection<{ _id: string; email: string; name: string | null; phone: string | null; dolibarrCustomerId: number | null }>('users');
  const newUser = async (tag: string, name: string | null = 'Élise Dupont') =>
    await bus.request('rpc.user.ensure', { email: address(tag), name, locale: 'fr' });
  const thirdpartiesOf = (email: string) => dolibarr.thirdparties().filter((tp) => tp.email === email);
  const order = (userId: string, email: string, over: Partial<EventData<'order.completed'>> = {}): EventData<'order.completed'> =>
    completedOrder({ orderId: `ord_crm${process.pid}x${seq++}`, userId, customerEmail: email, paymentIntentId: `pi_crm${seq++}` }, over);
  const invoicesFor = (orderId: string) => dolibarr.invoices().filter((i) => i.ref_ext === orderId);

  t.before(async () => {
    const data = await tempDir();
    t.teardown(() => data.remove());
    bus = await openBus();
    root = await openStore({ dataDir: data.dir });
    env = {
      LOG_LEVEL: 'silent',
      DATA_DIR: data.dir,
      ADMIN_API_KEY: ADMIN,
      DOLIBARR_URL: await dolibarr.listen(),
      DOLIBARR_API_KEY: KEY,
      DOLIBARR_TIMEOUT_MS: '300',
      DOLIBARR_SETTLE_MS: '1000',
      DOLIBARR_POLL_SECONDS: '1',
      CRM_RETRY_BASE_MS: '20',
      CRM_RETRY_MAX_MS: '200',
      CRM_WORK_POLL_MS: '20',
    };
    user = await userService.build({ config: loadConfig('user', userService.configSpec, env), logger: testLogger(), bus, store: root.forService('user') });
    await user.ready();
    await bus.subscribe({ durable: 'crm-test-watch', handlers: { 'crm.customer.changed': async (data) => void changes.push(data) } });
    await buildCrm();
  });
  t.teardown(async () => {
    await crm.close();
    await user.close();
    await bus.close();
    await root.close();
    await dolibarr.close();
  });

  t.test('a new user becomes one thirdparty, linked both ways', async (t) => {
    const u = await newUser('new');
    const linked = await waitFor(async () => (await users().findOne({ _id: u.userId }))?.dolibarrCustomerId, { what: 'link' });
    const [tp, ...others] = thirdpartiesOf(u.email);
    t.same(others, [], 'one thirdparty');
    t.equal(tp?.id, linked);
    t.match(tp, { name: 'Élise Dupont', ref_ext: u.userId, client: 1 });
    t.match(tp?.code_client, /^CU/, 'Dolibarr numbered the customer');
    // The link is published before the job is marked done: wait for the status to catch up.
    const s = await waitFor(
      async () => {
        const body = await status();
        return body.backlog === 0 && body.lastPushAt ? body : undefined;
      },
      { what: 'job done' },
    );
    t.same(s.jobs, [], 'no open work');
  });

  t.test('the same events redelivered, and a customer already in Dolibarr: no duplicate', async (t) => {
    const u = await newUser('redeliver');
    await waitFor(() => thirdpartiesOf(u.email).length === 1, { what: 'thirdparty' });
    const facts = { userId: u.userId, email: u.email, name: 'Élise Dupont', phone: null, locale: 'fr' as const, createdAt: new Date(0).toISOString() };
    for (let i = 0; i < 5; i++) await bus.publish('user.created', facts, { id: `again-${u.userId}-${i}` });
    const o = order(u.userId, u.email);
    for (let i = 0; i < 5; i++) await bus.publish('order.completed', o, { id: `again-${o.orderId}-${i}` });
    await waitFor(() => invoicesFor(o.orderId).some((i) => i.paye === 1), { what: 'paid invoice' });
    await new Promise((r) => setTimeout(r, 300));
    t.equal(thirdpartiesOf(u.email).length, 1, 'one thirdparty');
    t.equal(invoicesFor(o.orderId).length, 1, 'one invoice');
    t.equal(dolibarr.payments().filter((p) => p.num_payment === o.paymentIntentId).length, 1, 'one payment');
  });

  t.test('a paid order: one validated, paid invoice whose tax split adds up to the cent', async (t) => {
    const u = await newUser('invoice');
    const o = order(u.userId, u.email);
    await bus.publish('order.completed', o);
    const invoice = await waitFor(() => invoicesFor(o.orderId).find((i) => i.paye === 1), { what: 'paid invoice' });
    const tp = thirdpartiesOf(u.email)[0];
    t.equal(invoice.socid, tp?.id, 'on the customer');
    t.equal(invoice.statut, 2, 'validated and paid');
    t.match(invoice.ref, /^FA\d{4}-\d{4}$/, 'a final number, not a draft');
    t.equal(Math.round(Number(invoice.total_ht) * 100), 1167);
    t.equal(Math.round(Number(invoice.total_tva) * 100), 233);
    t.equal(Math.round(Number(invoice.total_ttc) * 100), 1400, 'exactly what the customer paid');
    t.equal(invoice.lines.length, 1);
    t.match(invoice.lines[0], { desc: 'Intuitive — niveau 2', tva_tx: 20, qty: 1, product_type: 1 });
    const payment = dolibarr.payments().find((p) => p.num_payment === o.paymentIntentId);
    t.ok(payment, 'the payment carries the PaymentIntent id');
    t.equal(payment?.accountId, 1);
  });

  t.test('a free order records the customer only; a refund becomes a validated credit note', async (t) => {
    const u = await newUser('free');
    const free = order(u.userId, u.email, { productId: 'simple', level: 1, productName: 'Simple', amount: 0, free: true, paymentIntentId: null });
    await bus.publish('order.completed', free);
    const paid = order(u.userId, u.email, { amount: 4900, productId: 'integrale', level: 4, productName: 'Intégrale' });
    await bus.publish('order.completed', paid);
    await waitFor(() => invoicesFor(paid.orderId).some((i) => i.paye === 1), { what: 'paid invoice' });
    t.equal(invoicesFor(free.orderId).length, 0, 'no invoice for a free order');
    const refundedAt = new Date().toISOString();
    await bus.publish('order.refunded', { ...paid, amountRefunded: 4900, totalRefunded: 4900, full: true, refundId: `re_${paid.orderId}`, refundedAt });
    const note = await waitFor(() => invoicesFor(`${paid.orderId}-re_${paid.orderId}`).find((i) => i.paye === 1), { what: 'credit note paid back' });
    t.equal(note.type, 2, 'a credit note');
    t.equal(note.fk_facture_source, invoicesFor(paid.orderId)[0]?.id);
    t.equal(Math.round(Number(note.total_ttc) * 100), -4900);
    t.match(
      dolibarr.payments().filter((p) => p.num_payment === `re_${paid.orderId}`),
      [{ amounts: [{ invoiceId: note.id, amount: -49 }] }],
      'the refund leaves the bank account',
    );
  });

  t.test('Dolibarr down, then back: all pending work lands once', async (t) => {
    dolibarr.setMode('down');
    const u = await newUser('outage');
    const o = order(u.userId, u.email);
    await bus.publish('order.completed', o);
    const during = await waitFor(
      async () => {
        const s = await status();
        // lastError may be an earlier test's: wait for a failed try of this outage's own work.
        return s.backlog >= 2 && s.jobs.some((j: { attempts: number; lastError: string | null }) => j.attempts >= 1 && j.lastError) ? s : undefined;
      },
      { what: 'backlog during the outage' },
    );
    t.ok(
      during.jobs.some((j: { attempts: number }) => j.attempts >= 1),
      'tried',
    );
    t.equal(thirdpartiesOf(u.email).length, 0);
    // Back, but the first invoice creation is made and its answer lost: the retry must find it.
    dolibarr.injectFailure({ method: 'POST', path: /^\/invoices$/, status: 502, afterCommit: true });
    dolibarr.setMode('up');
    await waitFor(() => invoicesFor(o.orderId).some((i) => i.paye === 1), { what: 'invoice after the outage', timeoutMs: 15_000 });
    await waitFor(async () => (await status()).backlog === 0, { what: 'empty backlog' });
    t.equal(thirdpartiesOf(u.email).length, 1);
    t.equal(invoicesFor(o.orderId).length, 1, 'the lost answer did not make a second invoice');
  });

  t.test('a slow Dolibarr (timeouts) is retried without duplicates', async (t) => {
    dolibarr.setDelay(400);
    const u = await newUser('slow');
    await new Promise((r) => setTimeout(r, 700));
    dolibarr.setDelay(0);
    await waitFor(async () => (await users().findOne({ _id: u.userId }))?.dolibarrCustomerId, { what: 'link after timeouts', timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 300));
    t.equal(thirdpartiesOf(u.email).length, 1);
  });

  t.test('a change made in Dolibarr reaches our user, and our own writes never echo', async (t) => {
    const u = await newUser('pull');
    const id = await waitFor(async () => (await users().findOne({ _id: u.userId }))?.dolibarrCustomerId, { what: 'link' });
    await new Promise((r) => setTimeout(r, 1500));
    t.same(
      changes.filter((c) => c.userId === u.userId),
      [],
      'creating the thirdparty was not taken for an edit',
    );
    await new Promise((r) => setTimeout(r, 1000));
    dolibarr.editThirdparty(id, { name: 'Élise Martin', phone: '+33 6 12 34 56 78' });
    // Dolibarr stores the phone without its spaces, and that is what comes back.
    const updated = await waitFor(
      async () => {
        const doc = await users().findOne({ _id: u.userId });
        return doc?.name === 'Élise Martin' ? doc : undefined;
      },
      { what: 'user updated from Dolibarr', timeoutMs: 10_000 },
    );
    t.equal(updated.phone, '+33612345678');
    const before = dolibarr.thirdparties().find((tp) => tp.id === id);
    await new Promise((r) => setTimeout(r, 2500));
    t.equal(changes.filter((c) => c.userId === u.userId).length, 1, 'passed on once, across several pulls');
    t.same(
      dolibarr.thirdparties().find((tp) => tp.id === id),
      before,
      'nothing written back to Dolibarr',
    );
    t.ok((await status()).pullCursor);
  });

  t.test('a refused key: a clear error in the status, nothing lost, and it lands once the key is fixed', async (t) => {
    await crm.close();
    await buildCrm({ DOLIBARR_API_KEY: 'wrong-key' });
    const u = await newUser('badkey');
    const s = await waitFor(
      async () => {
        const body = await status();
        return body.lastError?.message.includes('DOLIBARR_API_KEY') ? body : undefined;
      },
      { what: 'the auth error' },
    );
    t.match(s.lastError.message, /401/);
    t.notMatch(JSON.stringify(s), /wrong-key/, 'the key itself is never shown');
    t.ok(s.backlog >= 1);
    await crm.close();
    await buildCrm();
    await waitFor(() => thirdpartiesOf(u.email).length === 1, { what: 'thirdparty after the fix', timeoutMs: 10_000 });
  });

  t.test('the API module switched off (HTML answers) is an error, not a success', async (t) => {
    dolibarr.setMode('html');
    const u = await newUser('html');
    const s = await waitFor(
      async () => {
        const body = await status();
        return body.jobs.some((j: { id: string; lastError: string | null }) => j.id === `customer:${u.userId}` && j.lastError) ? body : undefined;
      },
      { what: 'the not-JSON error' },
    );
    t.match(s.lastError.message, /without JSON|API module/);
    dolibarr.setMode('up');
    await crm.inject({ method: 'POST', url: '/api/admin/crm/resync', headers: { authorization: `Bearer ${ADMIN}` }, payload: { userId: u.userId } });
    await waitFor(() => thirdpartiesOf(u.email).length === 1, { what: 'thirdparty once the module is on' });
  });

  t.test('admin: resync needs the key, a known id and a valid body; metrics count the work', async (t) => {
    t.equal((await crm.inject({ method: 'GET', url: '/api/admin/crm/status' })).statusCode, 401);
    t.equal((await admin('/api/admin/crm/resync', { userId: 'usr_unknown' })).statusCode, 404);
    const bad = await admin('/api/admin/crm/resync', { userId: 'a', orderId: 'b' });
    t.equal(bad.statusCode, 400);
    const u = await newUser('resync');
    await waitFor(() => thirdpartiesOf(u.email).length === 1, { what: 'thirdparty' });
    const again = await admin('/api/admin/crm/resync', { userId: u.userId });
    t.equal(again.statusCode, 202);
    t.same(again.json().jobs, [`customer:${u.userId}`]);
    await waitFor(async () => (await status()).backlog === 0, { what: 'resync done' });
    t.equal(thirdpartiesOf(u.email).length, 1);
    const metrics = (await crm.inject({ method: 'GET', url: '/metrics' })).body;
    t.match(metrics, /crm_pushes_total\{[^}]*kind="customer"[^}]*\} [1-9]/);
    t.match(metrics, /crm_failures_total\{[^}]*reason="auth"[^}]*\} [1-9]|crm_failures_total\{[^}]*kind="customer"[^}]*\} [1-9]/);
    t.match(metrics, /crm_pulls_total\{[^}]*outcome="ok"[^}]*\} [1-9]/);
    t.match(metrics, /crm_backlog\{?[^}]*\}? 0/);
  });
}
