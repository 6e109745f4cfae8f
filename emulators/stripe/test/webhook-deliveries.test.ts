import t from 'tap';
import type Stripe from 'stripe';
import { waitFor } from '@lumira/testing';
import { SECRET, startEmulator, webhookReceiver } from './support/emulator.js';

t.test('duplicated and shuffled deliveries, as Stripe may send them', async (t) => {
  let n = 0;
  // A fixed sequence: every event is duplicated, and each copy waits a different share of the jitter window.
  const random = () => [0.0, 0.9, 0.2, 0.6, 0.4, 0.8, 0.1, 0.7][n++ % 8]!;
  const { emulator, stripe } = await startEmulator(t, { delivery: { duplicateProbability: 1, maxJitterMs: 200, random } });
  const hook = await webhookReceiver(t);
  emulator.setWebhook({ url: hook.url, secret: SECRET });
  const pi = await stripe.paymentIntents.create({ amount: 1400, currency: 'eur' });
  await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  await emulator.flushWebhooks();
  const ids = hook.received.map((e) => e.id);
  const created = emulator.events().map((e) => e.id);
  t.equal(ids.length, created.length * 2, 'each event twice');
  t.same([...new Set(ids)].sort(), [...created].sort(), 'the same ids');
  t.notSame(
    hook.received.map((e) => e.id).filter((id, i, all) => all.indexOf(id) === i),
    created,
    'not in creation order',
  );
});

t.test("a webhook endpoint pinned to an API version gets its events rendered at it; the list keeps the account's", async (t) => {
  const { emulator, stripe } = await startEmulator(t, { apiVersion: '2026-10-28.endive' });
  const hook = await webhookReceiver(t);
  emulator.setWebhook({ url: hook.url, secret: SECRET, apiVersion: '2025-06-30.basil' });
  await stripe.customers.create({ email: 'v@b.fr' });
  await waitFor(() => hook.received.length > 0, { what: 'a delivery' });
  t.equal(hook.received[0]!.api_version, '2025-06-30.basil');
  t.equal((await stripe.events.list({ limit: 1 })).data[0]!.api_version, '2026-10-28.endive');
});

t.test('events that never reached the endpoint are listed with delivery_success=false, paged from a cursor', async (t) => {
  const { emulator, stripe } = await startEmulator(t, { delivery: { initialDelayMs: 5, maxAttempts: 1 } });
  const hook = await webhookReceiver(t, 1_000);
  emulator.setWebhook({ url: hook.url, secret: SECRET });
  const cursor = (await stripe.customers.create({ email: 'cursor@b.fr' })) && emulator.events().at(-1)!.id;
  const piIds: string[] = [];
  for (let i = 0; i < 5; i++) piIds.push((await stripe.paymentIntents.create({ amount: 1400 + i, currency: 'eur' })).id);
  await emulator.flushWebhooks();
  const page = await stripe.events.list({ delivery_success: false, ending_before: cursor, limit: 2, types: ['payment_intent.created'] });
  t.same(
    page.data.map((e) => (e.data.object as Stripe.PaymentIntent).id),
    [piIds[1], piIds[0]],
    'the two just after the cursor, newest first',
  );
  t.equal(page.has_more, true);
  const next = await stripe.events.list({ delivery_success: false, ending_before: page.data[0]!.id, limit: 10, types: ['payment_intent.created'] });
  t.same(
    next.data.map((e) => (e.data.object as Stripe.PaymentIntent).id),
    [piIds[4], piIds[3], piIds[2]],
  );
  t.equal(next.has_more, false);
  t.same((await stripe.events.list({ delivery_success: true })).data, [], 'nothing was delivered');
});
