import type { Test } from 'tap';
import type { TestSystem } from './harness.js';
import { email, opsHelpers } from './ops-helpers.js';

/** POST /api/admin/orders/:id/refund and /sync, through the gateway. */
export function adminActionFlows(t: Test, open: () => Promise<TestSystem>): void {
  let s: TestSystem;
  t.before(async () => {
    s = await open();
  });
  const h = opsHelpers(() => s);
  const refund = async (orderId: string, body: unknown, key?: string) =>
    await h.adminPost(`/api/admin/orders/${orderId}/refund`, body, key ? { 'idempotency-key': key } : {});

  t.test('the refund route answers every bad input with a clear 4xx', async (t) => {
    const address = email('refund-bad');
    const paid = await h.paid('integrale', address);
    const pending = await h.buy('intuitive', address);
    const free = (await s.api('/api/payments/create-payment-intent', { method: 'POST', json: { productId: 'simple', customerEmail: address } })).body;
    const noKey = await s.api(`/api/admin/orders/${paid.orderId}/refund`, { method: 'POST', json: {}, headers: { 'idempotency-key': 'k' } });
    t.equal(noKey.status, 401, 'the admin key is required');
    const cases: [string, unknown, string | undefined, number, RegExp][] = [
      [paid.orderId, {}, undefined, 400, /Idempotency-Key header is required/],
      [paid.orderId, { amount: 0 }, 'k-bad-1', 400, /amount/],
      [paid.orderId, { amount: -5 }, 'k-bad-2', 400, /amount/],
      [paid.orderId, { amount: '12' }, 'k-bad-3', 400, /amount/],
      [paid.orderId, { amount: 1.5 }, 'k-bad-4', 400, /amount/],
      [paid.orderId, { amount: 100, colour: 'red' }, 'k-bad-5', 400, /colour|Unrecognized key/i],
      [paid.orderId, { reason: 'bored' }, 'k-bad-6', 400, /reason/],
      [
        paid.orderId,
        { amount: 4901 },
        'k-bad-7',
        400,
        /Stripe refused the refund: Refund amount \(€49.01\) is greater than unrefunded amount on charge \(€49.00\)/,
      ],
      ['ord_nothing', {}, 'k-bad-8', 404, /Order not found/],
      [pending.orderId, {}, 'k-bad-9', 409, /is pending: only a paid order can be refunded/],
      [free.orderId, {}, 'k-bad-10', 409, /\(free\): only a paid order can be refunded/],
    ];
    for (const [orderId, body, key, status, message] of cases) {
      const res = await refund(orderId, body, key);
      t.equal(res.status, status, `${JSON.stringify(body)} → ${status}`);
      t.match(res.body.error?.message, message);
    }
    const spaced = await h.adminPost(`/api/admin/orders/${paid.orderId}/refund`, {}, { 'idempotency-key': 'has space' });
    t.equal(spaced.status, 400);
    t.equal(
      (
        await s.api(`/api/admin/orders/${paid.orderId}/refund`, {
          method: 'POST',
          body: 'amount=5',
          headers: { authorization: 'Bearer test-admin-key-0123456789abcdef', 'content-type': 'text/plain', 'idempotency-key': 'k-text' },
        })
      ).status,
      415,
    );
  });

  t.test('a refund through Stripe, once per Idempotency-Key; the webhook settles the order', async (t) => {
    const address = email('admin-refund');
    const { orderId } = await h.paid('integrale', address);
    const first = await refund(orderId, { amount: 1000, reason: 'requested_by_customer' }, `partial-${orderId}`);
    t.equal(first.status, 202);
    t.match(first.body, { orderId, amount: 1000, status: 'succeeded', refundId: /^re_/ });
    const again = await refund(orderId, { amount: 1000, reason: 'requested_by_customer' }, `partial-${orderId}`);
    t.equal(again.body.refundId, first.body.refundId, 'a retried request refunds once');
    const reused = await refund(orderId, { amount: 2000 }, `partial-${orderId}`);
    t.equal(reused.status, 422);
    t.match(reused.body.error.message, /Idempotency-Key was already used/);
    await h.until(orderId, address, (o) => o.amountRefunded === 1000 && o.status === 'completed', 'the partial refund settled by the webhook');
    const rest = await refund(orderId, undefined, `rest-${orderId}`);
    t.match(rest.body, { amount: 3900 }, 'without amount: what is left');
    await h.until(orderId, address, (o) => o.status === 'refunded' && o.access.status === 'revoked', 'refunded in full');
    const retried = await refund(orderId, undefined, `rest-${orderId}`);
    t.same([retried.status, retried.body.refundId], [202, rest.body.refundId], 'a retry after the order settled gets its first answer back');
    const twice = await refund(orderId, {}, `more-${orderId}`);
    t.equal(twice.status, 409);
    t.match(twice.body.error.message, /Stripe refused the refund: Charge ch_\w+ has already been refunded/);
  });

  t.test('a disputed order cannot be refunded; Stripe down answers 502 with what to do', async (t) => {
    const address = email('admin-refund-refused');
    const disputed = await h.paid('intuitive', address, 'pm_card_createDispute');
    s.system.emulator!.runScheduled();
    await h.until(disputed.orderId, address, (o) => o.access.status === 'suspended', 'disputed');
    const res = await refund(disputed.orderId, {}, `d-${disputed.orderId}`);
    t.equal(res.status, 409);
    t.match(res.body.error.message, /charged back; cannot issue a refund/);
    const ok = await h.paid('intuitive', address);
    s.system.emulator!.injectFailure({ method: 'POST', path: /^\/v1\/refunds$/, status: 500, times: 5 });
    t.teardown(() => s.system.emulator!.injectFailure({ method: 'POST', path: /^\/v1\/refunds$/, status: 500, times: 0 }));
    const down = await refund(ok.orderId, {}, `down-${ok.orderId}`);
    t.equal(down.status, 502);
    t.match(down.body.error.message, /retry with the same Idempotency-Key/);
  });

  t.test('sync reads the payment, its refunds and disputes back from Stripe now', async (t) => {
    const address = email('admin-sync');
    const { orderId, paymentIntentId } = await h.paid('alchimique', address);
    await h.mute();
    t.teardown(() => h.unmute());
    await s.stripe.refunds.create({ payment_intent: paymentIntentId, amount: 900 });
    t.equal((await h.order(orderId, address)).amountRefunded, 0, 'no webhook came');
    const synced = await h.adminPost(`/api/admin/orders/${orderId}/sync`);
    t.equal(synced.status, 200);
    t.match(synced.body, { id: orderId, status: 'completed', amountRefunded: 900, refunds: [{ amount: 900, status: 'succeeded' }] });
    t.equal((await h.adminPost('/api/admin/orders/ord_nothing/sync')).status, 404);
    const free = (await s.api('/api/payments/create-payment-intent', { method: 'POST', json: { productId: 'simple', customerEmail: address } })).body;
    const freeSync = await h.adminPost(`/api/admin/orders/${free.orderId}/sync`);
    t.equal(freeSync.status, 409);
    t.match(freeSync.body.error.message, /no PaymentIntent \(free\)/);
    t.equal((await s.api(`/api/admin/orders/${orderId}/sync`, { method: 'POST' })).status, 401);
  });
}
