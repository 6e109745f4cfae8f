import t from 'tap';
import { waitFor } from '@lumira/testing';
import { startTestSystem, type TestSystem } from './harness.js';
import { email, opsHelpers } from './ops-helpers.js';

/** A webhook that never arrives: the order is still settled, by the sweep or by the catch-up of Stripe's event list. */
async function paidWithoutWebhook(s: TestSystem) {
  const h = opsHelpers(() => s);
  await h.mute();
  const address = email('no-webhook');
  const bought = await h.buy('intuitive', address);
  await s.stripe.paymentIntents.confirm(bought.paymentIntentId, { payment_method: 'pm_card_visa' });
  await s.system.emulator!.flushWebhooks();
  return { ...bought, address, h };
}

t.test('the sweep reads a pending order back from Stripe once its webhook is late', async (t) => {
  const s = await startTestSystem(t, { env: { PAYMENT_SWEEP_AFTER_SECONDS: '1', PAYMENT_SWEEP_PER_SECOND: '5', STRIPE_MISSED_EVENTS_SECONDS: '0' } });
  const { orderId, address, h } = await paidWithoutWebhook(s);
  const done = await h.until(orderId, address, (o) => o.status === 'completed', 'completed by the sweep (the admin list never reads Stripe)');
  t.equal(done.access.status, 'active');
  t.ok((await h.metric('order', 'order_payment_sweep_checks_total', 'outcome="resolved"')) >= 1);
  const waiting = await h.buy('alchimique', email('unpaid'));
  await waitFor(async () => (await h.metric('order', 'order_payment_sweep_checks_total', 'outcome="still_pending"')) >= 1, {
    what: 'an unpaid order checked and left pending',
  });
  t.equal(
    (await s.admin(`/api/admin/orders?status=pending&limit=200`)).orders.some((o: { id: string }) => o.id === waiting.orderId),
    true,
    'an unpaid order stays pending',
  );
});

t.test("the catch-up reads Stripe's undelivered events from a cursor and handles them as webhooks", async (t) => {
  const s = await startTestSystem(t, { env: { PAYMENT_SWEEP_AFTER_SECONDS: '0', STRIPE_MISSED_EVENTS_SECONDS: '1' } });
  const { orderId, address, h } = await paidWithoutWebhook(s);
  await h.until(orderId, address, (o) => o.status === 'completed', 'completed from the event list');
  t.ok((await h.metric('payment', 'payment_missed_events_total', 'outcome="recovered"')) >= 1);
  const second = await paidWithoutWebhook(s);
  await h.until(second.orderId, second.address, (o) => o.status === 'completed', 'a later one too, from the stored cursor');
});
