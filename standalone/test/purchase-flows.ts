import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Test } from 'tap';
import { waitFor } from '@lumira/testing';
import { ADMIN_KEY, type TestSystem } from './harness.js';

let seq = 0;
const email = (tag: string) => `${tag}.${process.pid}.${seq++}@Example.com`;

/** The purchase flows of the payments issue, through the gateway; run over both bus transports. */
export function purchaseFlows(t: Test, open: () => Promise<TestSystem>): void {
  let s: TestSystem;
  t.before(async () => {
    s = await open();
  });

  const buy = async (productId: string, address: string, headers: Record<string, string> = {}) =>
    await s.api('/api/payments/create-payment-intent', { method: 'POST', json: { productId, customerEmail: address, customerName: 'Élise Dupont' }, headers });

  t.test('the catalog lists the four levels', async (t) => {
    const res = await s.api('/api/products');
    t.equal(res.status, 200);
    t.same(
      res.body.products.map((p: { id: string; amount: number }) => [p.id, p.amount]),
      [
        ['simple', 0],
        ['intuitive', 1400],
        ['alchimique', 2900],
        ['integrale', 4900],
      ],
    );
  });

  t.test('a free product is completed at once and counted once', async (t) => {
    const address = email('free');
    const res = await buy('simple', address);
    t.equal(res.status, 200);
    t.equal(res.body.status, 'completed');
    const order = await s.api(`/api/orders/${res.body.orderId}`, { headers: { authorization: `Bearer ${res.body.orderToken}` } });
    t.equal(order.body.status, 'completed');
    t.same(order.body.access?.status, 'active');
    t.equal(order.body.access?.level, 1);
    const user = await waitFor(async () => ((await s.user(address))?.totalOrders === 1 ? await s.user(address) : undefined), { what: 'user totals' });
    t.equal(user.email, address.toLowerCase(), 'email normalised');
  });

  t.test('a paid purchase confirmed with pm_card_visa completes through the webhook', async (t) => {
    const address = email('paid');
    const res = await buy('intuitive', address);
    t.equal(res.status, 200);
    t.match(res.body, { amount: 1400, currency: 'eur', productName: 'Intuitive' });
    t.match(res.body.clientSecret, new RegExp(`^${res.body.paymentIntentId}_secret_`));
    const pi = await s.stripe.paymentIntents.retrieve(res.body.paymentIntentId);
    t.same(pi.metadata, { orderId: res.body.orderId, productId: 'intuitive', level: '2', productName: 'Intuitive', customerEmail: address.toLowerCase() });
    t.ok(pi.customer, 'PaymentIntent has a Stripe customer');
    await s.stripe.paymentIntents.confirm(res.body.paymentIntentId, { payment_method: 'pm_card_visa' });
    const done = await s.waitForOrder(res.body.orderId, 'completed');
    t.equal(done.access.status, 'active');
    const user = await waitFor(async () => ((await s.user(address))?.totalOrders === 1 ? await s.user(address) : undefined), { what: 'user totals' });
    t.equal(user.subscriptionStatus, 'active');
    t.ok(user.lastOrderAt);
    t.equal(user.stripeCustomerId, pi.customer);
  });

  t.test('without SendGrid, a paid purchase leaves exactly one .eml for its order', async (t) => {
    const res = await buy('intuitive', email('mail'));
    await s.stripe.paymentIntents.confirm(res.body.paymentIntentId, { payment_method: 'pm_card_visa' });
    await s.waitForOrder(res.body.orderId, 'completed');
    const mailDir = path.join(s.dataDir, 'mail');
    const mailsForOrder = async () => {
      const names = (await readdir(mailDir).catch(() => [])).filter((n) => n.endsWith('.eml'));
      const texts = await Promise.all(names.map(async (n) => await readFile(path.join(mailDir, n), 'utf8')));
      return texts.filter((text) => text.includes(`X-Lumira-orderId: ${res.body.orderId}\r\n`));
    };
    await waitFor(async () => (await mailsForOrder()).length > 0, { what: 'the confirmation mail' });
    await new Promise((r) => setTimeout(r, 300));
    const mails = await mailsForOrder();
    t.equal(mails.length, 1, 'one mail');
    t.match(mails[0], /Subject: Confirmation de votre achat : Intuitive/);
    t.match(mails[0], /X-Lumira-notificationId: order\.completed:/);
    const listed = await s.admin(`/api/admin/notifications?orderId=${res.body.orderId}`);
    t.same(
      listed.notifications.map((n: { kind: string; status: string }) => [n.kind, n.status]),
      [['order.completed', 'sent']],
    );
  });

  t.test('declined then paid with another card: failed with Stripe reason, then completed', async (t) => {
    const res = await buy('alchimique', email('declined'));
    await t.rejects(s.stripe.paymentIntents.confirm(res.body.paymentIntentId, { payment_method: 'pm_card_chargeDeclined' }), {
      code: 'card_declined',
      type: 'StripeCardError',
    });
    const failed = await s.waitForOrder(res.body.orderId, 'failed');
    t.match(failed.failure, { code: 'card_declined', declineCode: 'generic_decline' });
    t.ok(failed.failure.message.length > 0);
    await s.stripe.paymentIntents.confirm(res.body.paymentIntentId, { payment_method: 'pm_card_visa' });
    const done = await s.waitForOrder(res.body.orderId, 'completed');
    t.equal(done.failure, null);
  });

  t.test('a canceled PaymentIntent cancels the order', async (t) => {
    const res = await buy('intuitive', email('cancel'));
    await s.stripe.paymentIntents.cancel(res.body.paymentIntentId);
    await s.waitForOrder(res.body.orderId, 'canceled');
    t.pass('order canceled');
  });

  t.test('a refund revokes access', async (t) => {
    const res = await buy('integrale', email('refund'));
    await s.stripe.paymentIntents.confirm(res.body.paymentIntentId, { payment_method: 'pm_card_visa' });
    await s.waitForOrder(res.body.orderId, 'completed');
    await s.stripe.refunds.create({ payment_intent: res.body.paymentIntentId });
    const refunded = await s.waitForOrder(res.body.orderId, 'refunded');
    t.equal(refunded.access.status, 'revoked');
    t.ok(refunded.access.revokedAt);
  });

  t.test('bad input is a 400 naming the problem', async (t) => {
    const unknown = await buy('mystique', email('bad'));
    t.equal(unknown.status, 400);
    t.equal(unknown.body.error.message, 'Invalid product ID: mystique');
    const badEmail = await buy('intuitive', 'not-an-email');
    t.equal(badEmail.status, 400);
    t.match(badEmail.body.error.message, /customerEmail: Please enter a valid email/);
    const missing = await s.api('/api/payments/create-payment-intent', { method: 'POST', json: {} });
    t.equal(missing.status, 400);
    t.match(missing.body.error.message, /productId/);
    t.match(missing.body.error.message, /customerEmail/);
    const seedPath = await s.api('/api/products/create-payment-intent', { method: 'POST', json: { productId: 'simple', customerEmail: email('seed') } });
    t.equal(seedPath.status, 200, "the seed's diagnostic path answers too");
  });

  t.test('the same Idempotency-Key gives the same order and PaymentIntent; another body is refused', async (t) => {
    const address = email('idem');
    const key = `key-${process.pid}-${seq++}`;
    const [a, b] = await Promise.all([buy('intuitive', address, { 'idempotency-key': key }), buy('intuitive', address, { 'idempotency-key': key })]);
    const c = await buy('intuitive', address, { 'idempotency-key': key });
    t.equal(a.status, 200);
    t.same([b.body.orderId, c.body.orderId], [a.body.orderId, a.body.orderId]);
    t.same([b.body.paymentIntentId, c.body.paymentIntentId], [a.body.paymentIntentId, a.body.paymentIntentId]);
    t.equal(c.body.orderToken, a.body.orderToken);
    const { orders } = await s.admin(`/api/admin/orders?email=${encodeURIComponent(address)}`);
    t.equal(orders.length, 1, 'one order');
    const customers = await s.stripe.customers.list({ email: address.toLowerCase() });
    t.equal(customers.data.length, 1, 'one Stripe customer');
    const other = await buy('alchimique', address, { 'idempotency-key': key });
    t.equal(other.status, 422);
    t.match(other.body.error.message, /Idempotency-Key/);
  });

  t.test('an order is readable only with its token', async (t) => {
    const res = await buy('intuitive', email('token'));
    const url = `/api/orders/${res.body.orderId}`;
    t.equal((await s.api(url)).status, 404);
    t.equal((await s.api(url, { headers: { authorization: 'Bearer wrongtoken' } })).status, 404);
    const otherToken = (await buy('simple', email('token2'))).body.orderToken;
    t.equal((await s.api(url, { headers: { authorization: `Bearer ${otherToken}` } })).status, 404, "another order's token");
    t.equal((await s.api('/api/orders/ord_doesnotexist', { headers: { authorization: `Bearer ${res.body.orderToken}` } })).status, 404);
    const ok = await s.api(url, { headers: { authorization: `Bearer ${res.body.orderToken}` } });
    t.equal(ok.status, 200);
    t.same(Object.keys(ok.body).sort(), [
      'access',
      'amount',
      'amountRefunded',
      'completedAt',
      'createdAt',
      'currency',
      'failure',
      'id',
      'level',
      'payment',
      'productId',
      'productName',
      'status',
    ]);
  });

  t.test('admin routes need the admin key', async (t) => {
    t.equal((await s.api('/api/admin/orders')).status, 401);
    t.equal((await s.api('/api/admin/users', { headers: { authorization: 'Bearer nope' } })).status, 401);
  });

  t.test('admin lists filter by email and status and page with a cursor, newest first', async (t) => {
    const address = email('pages');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await buy('simple', address)).body.orderId);
    const paid = (await buy('intuitive', address)).body.orderId as string;
    const q = `email=${encodeURIComponent(address)}&status=completed&limit=2`;
    const first = await s.admin(`/api/admin/orders?${q}`);
    t.equal(first.orders.length, 2);
    t.ok(first.nextCursor, 'a second page is announced');
    const second = await s.admin(`/api/admin/orders?${q}&cursor=${encodeURIComponent(first.nextCursor)}`);
    t.equal(second.nextCursor, null, 'no third page');
    const listed = [...first.orders, ...second.orders].map((o: { id: string }) => o.id);
    t.same(listed, [...ids].sort().reverse(), 'each completed order once, newest first; the pending one left out');
    t.notOk(listed.includes(paid));
    t.ok(
      [...first.orders, ...second.orders].every(
        (o: { customerEmail: string; status: string }) => o.customerEmail === address.toLowerCase() && o.status === 'completed',
      ),
    );
    const pending = await s.admin(`/api/admin/orders?email=${encodeURIComponent(address)}&status=pending`);
    t.same(
      pending.orders.map((o: { id: string }) => o.id),
      [paid],
    );
    const users = await waitFor(
      async () => {
        const found = await s.admin(`/api/admin/users?email=${encodeURIComponent(address.toUpperCase())}`);
        return found.users[0]?.totalOrders === 3 ? found : undefined;
      },
      { what: 'three orders counted' },
    );
    t.equal(users.users.length, 1, 'one user for the address, whatever its case');
    const auth = { headers: { authorization: `Bearer ${ADMIN_KEY}` } };
    for (const bad of ['status=shipped', 'limit=0', 'limit=201', 'limit=abc']) {
      const res = await s.api(`/api/admin/orders?${bad}`, auth);
      t.equal(res.status, 400, bad);
      t.match(res.body.error.message, /status|limit/, `${bad}: the parameter is named`);
    }
  });
}
