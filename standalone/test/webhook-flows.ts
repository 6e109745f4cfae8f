import type { Test } from 'tap';
import Stripe from 'stripe';
import { freePort, waitFor } from '@lumira/testing';
import type { TestSystem } from './harness.js';

const SECRET = 'whsec_local_lumira_emulator_secret';

/** Webhook handling through the gateway: signatures, repeats and disorder, late webhooks, Stripe down. */
export function webhookFlows(t: Test, open: () => Promise<TestSystem>): void {
  let s: TestSystem;
  t.before(async () => {
    s = await open();
  });
  const sign = (payload: string, timestamp?: number) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, ...(timestamp ? { timestamp } : {}) });
  const post = (payload: string, signature?: string) =>
    s.api('/api/webhooks/stripe', {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
    });

  async function paymentMetric(name: string): Promise<number> {
    const text = await (await fetch(new URL('/metrics', s.system.serviceUrls.payment))).text();
    const line = text.split('\n').find((l) => l.startsWith(name));
    return line ? Number(line.split(' ').at(-1)) : 0;
  }

  /** Turns off the emulator's own deliveries so the test decides what Stripe "sends". */
  async function muteEmulator() {
    s.system.emulator!.setWebhook({ url: `http://127.0.0.1:${await freePort()}/nowhere`, secret: SECRET });
  }

  t.test('missing, bad and stale signatures are refused with the seed message and counted', async (t) => {
    const before = await paymentMetric('payment_webhook_signature_failures_total');
    const payload = JSON.stringify({ id: 'evt_x', type: 'payment_intent.succeeded', created: 1, data: { object: { id: 'pi_x', object: 'payment_intent' } } });
    const missing = await post(payload);
    const bad = await post(payload, sign(payload).replace(/v1=[0-9a-f]+/, 'v1=' + '0'.repeat(64)));
    const stale = await post(payload, sign(payload, Math.floor(Date.now() / 1000) - 301));
    const tampered = await post(payload.replace('pi_x', 'pi_y'), sign(payload));
    for (const res of [missing, bad, stale, tampered]) {
      t.equal(res.status, 400);
      t.equal(res.body.error.message, 'Invalid webhook signature');
    }
    t.equal(await paymentMetric('payment_webhook_signature_failures_total'), before + 4);
  });

  t.test('other event types are acknowledged and ignored', async (t) => {
    const payload = JSON.stringify({ id: 'evt_other', type: 'customer.created', created: 1, data: { object: { id: 'cus_1', object: 'customer' } } });
    const res = await post(payload, sign(payload));
    t.equal(res.status, 200);
    t.same(res.body, { received: true, duplicate: false });
  });

  t.test('events delivered five times each, shuffled, give one effect each', async (t) => {
    await muteEmulator();
    const address = `dup.${process.pid}@example.com`;
    const checkout = await s.api('/api/payments/create-payment-intent', { method: 'POST', json: { productId: 'intuitive', customerEmail: address } });
    const piId = checkout.body.paymentIntentId;
    await t.rejects(s.stripe.paymentIntents.confirm(piId, { payment_method: 'pm_card_chargeDeclined' }));
    await s.stripe.paymentIntents.confirm(piId, { payment_method: 'pm_card_visa' });
    const events = s.system
      .emulator!.events()
      .filter((e) => JSON.stringify(e.data.object).includes(piId) && ['payment_intent.succeeded', 'payment_intent.payment_failed'].includes(e.type));
    t.equal(events.length, 2);
    const deliveries = events.flatMap((e) => Array.from({ length: 5 }, () => JSON.stringify(e)));
    deliveries.sort(() => Math.random() - 0.5);
    const replies = await Promise.all(deliveries.map((payload) => post(payload, sign(payload))));
    t.ok(replies.every((r) => r.status === 200));
    t.equal(replies.filter((r) => r.body.duplicate === false).length, 2, 'each event id accepted once');
    const order = await s.waitForOrder(checkout.body.orderId, 'completed');
    t.equal(order.failure, null, 'the late failure did not move the order back');
    const user = await waitFor(async () => ((await s.user(address))?.totalOrders >= 1 ? await s.user(address) : undefined), { what: 'totals' });
    await new Promise((r) => setTimeout(r, 300));
    t.equal((await s.user(address)).totalOrders, 1, 'counted once');
    t.equal(user.subscriptionStatus, 'active');
  });

  t.test('a pending order read after payment syncs from Stripe when the webhook is late', async (t) => {
    await muteEmulator();
    const checkout = await s.api('/api/payments/create-payment-intent', {
      method: 'POST',
      json: { productId: 'alchimique', customerEmail: `late.${process.pid}@example.com` },
    });
    await s.stripe.paymentIntents.confirm(checkout.body.paymentIntentId, { payment_method: 'pm_card_visa' });
    const { orders } = await s.admin('/api/admin/orders?status=pending&limit=200');
    t.ok(
      orders.some((o: { id: string }) => o.id === checkout.body.orderId),
      'still pending without a webhook',
    );
    const read = await s.api(`/api/orders/${checkout.body.orderId}`, { headers: { authorization: `Bearer ${checkout.body.orderToken}` } });
    t.equal(read.body.status, 'completed');
    t.equal(read.body.access.status, 'active');
  });

  t.test('Stripe failing gives 502, leaves nothing payable, and is counted', async (t) => {
    const before = await paymentMetric('payment_stripe_failures_total');
    s.system.emulator!.injectFailure({ method: 'POST', path: /\/v1\/payment_intents$/, status: 500, times: 10 });
    const address = `down.${process.pid}@example.com`;
    const res = await s.api('/api/payments/create-payment-intent', {
      method: 'POST',
      json: { productId: 'integrale', customerEmail: address },
      headers: { 'idempotency-key': `down-${process.pid}` },
    });
    t.equal(res.status, 502);
    t.equal(res.body.error.message, 'Failed to create payment intent');
    const { orders } = await s.admin(`/api/admin/orders?email=${encodeURIComponent(address)}`);
    t.equal(orders.length, 1);
    t.equal(orders[0].status, 'canceled', 'the order is not left payable');
    t.ok((await paymentMetric('payment_stripe_failures_total')) > before);
    s.system.emulator!.injectFailure({ method: 'POST', path: /\/v1\/payment_intents$/, status: 500, times: 0 });
    const retry = await s.api('/api/payments/create-payment-intent', {
      method: 'POST',
      json: { productId: 'integrale', customerEmail: address },
      headers: { 'idempotency-key': `down-${process.pid}` },
    });
    t.equal(retry.status, 200, 'the same key can be retried once Stripe is back');
    t.not(retry.body.orderId, orders[0].id);
  });
}
