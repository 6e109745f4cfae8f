import t from 'tap';
import Stripe from 'stripe';
import { waitFor } from '@lumira/testing';
import { eventsAbout, SECRET, startEmulator, webhookReceiver } from './support/emulator.js';

const { emulator, stripe } = await startEmulator(t);

t.test('customers: create, retrieve, list by email, delete', async (t) => {
  const c = await stripe.customers.create({ email: 'a@b.fr', name: 'Ana', metadata: { userId: 'u1' } });
  t.match(c.id, /^cus_/);
  t.same(((await stripe.customers.retrieve(c.id)) as Stripe.Customer).metadata, { userId: 'u1' });
  t.same(
    (await stripe.customers.list({ email: 'a@b.fr' })).data.map((x) => x.id),
    [c.id],
  );
  await t.rejects(stripe.customers.retrieve('cus_nope'), { type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing' });
  t.same(await stripe.customers.del(c.id), { id: c.id, object: 'customer', deleted: true });
  t.match(await stripe.customers.retrieve(c.id), { id: c.id, deleted: true }, 'a deleted customer still reads, as deleted');
  t.same((await stripe.customers.list({ email: 'a@b.fr' })).data, [], 'and drops out of lists');
  await t.rejects(stripe.paymentIntents.create({ amount: 1400, currency: 'eur', customer: c.id }), {
    statusCode: 400,
    code: 'resource_missing',
    param: 'customer',
  });
});

t.test('payment intents: shape, validation, idempotent replay and mismatch', async (t) => {
  const params = { amount: 1400, currency: 'eur', automatic_payment_methods: { enabled: true }, metadata: { orderId: 'ord_1' } };
  const pi = await stripe.paymentIntents.create(params, { idempotencyKey: 'k1' });
  t.match(pi, {
    object: 'payment_intent',
    status: 'requires_payment_method',
    amount: 1400,
    currency: 'eur',
    latest_charge: null,
    metadata: { orderId: 'ord_1' },
  });
  t.match(pi.client_secret, new RegExp(`^${pi.id}_secret_`));
  const again = await stripe.paymentIntents.create(params, { idempotencyKey: 'k1' });
  t.equal(again.id, pi.id, 'same key and params replay the same object');
  t.equal(again.lastResponse.headers['idempotent-replayed'], 'true');
  t.equal(again.lastResponse.headers['original-request'], pi.lastResponse.requestId, 'the replay names the first request');
  await t.rejects(stripe.paymentIntents.create({ ...params, amount: 2900 }, { idempotencyKey: 'k1' }), {
    message: /same parameters/,
    type: 'StripeIdempotencyError',
  });
  await t.rejects(stripe.customers.create({}, { idempotencyKey: 'k1' }), { message: /same endpoint/, type: 'StripeIdempotencyError' });
  await t.rejects(stripe.paymentIntents.create({ amount: 10, currency: 'eur' }), { code: 'amount_too_small', param: 'amount' });
  await t.rejects(stripe.paymentIntents.create({ currency: 'eur' } as never), { code: 'parameter_missing', param: 'amount' });
  await t.rejects(stripe.paymentIntents.create({ amount: 1400, currency: 'eur', customer: 'cus_missing' }), {
    statusCode: 400,
    code: 'resource_missing',
    param: 'customer',
  });
});

t.test('confirm: a decline, then a good card; refunds; cancel rules', async (t) => {
  const pi = await stripe.paymentIntents.create({ amount: 2900, currency: 'eur' });
  const declined = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }).catch((e: unknown) => e);
  t.match(declined, { type: 'StripeCardError', statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
  const failed = await stripe.paymentIntents.retrieve(pi.id);
  t.equal(failed.status, 'requires_payment_method');
  t.match(failed.last_payment_error, { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
  const ok = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  t.equal(ok.status, 'succeeded');
  t.equal(ok.amount_received, 2900);
  t.equal(ok.last_payment_error, null);
  t.match(ok.payment_method, /^pm_(?!card_)/, 'a test id makes a PaymentMethod of its own');
  const expanded = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
  t.match(expanded.latest_charge, { object: 'charge', paid: true, amount_refunded: 0, disputed: false, billing_details: { name: null }, metadata: {} });
  await t.rejects(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }), { code: 'payment_intent_unexpected_state' });
  await t.rejects(stripe.paymentIntents.cancel(pi.id), { code: 'payment_intent_unexpected_state' });
  const first = await stripe.refunds.create({ payment_intent: pi.id, amount: 900 });
  t.match(first, { object: 'refund', amount: 900, status: 'succeeded', payment_intent: pi.id });
  t.match(await stripe.charges.retrieve(ok.latest_charge as string), { amount_refunded: 900, refunded: false });
  await t.rejects(stripe.refunds.create({ payment_intent: pi.id, amount: 2001 }), {
    statusCode: 400,
    param: 'amount',
    message: /greater than unrefunded amount on charge \(€20.00\)/,
  });
  t.match(await stripe.refunds.create({ payment_intent: pi.id }), { amount: 2000 }, 'the rest by default');
  t.match(await stripe.charges.retrieve(ok.latest_charge as string), { amount_refunded: 2900, refunded: true });
  await t.rejects(stripe.refunds.create({ payment_intent: pi.id }), { code: 'charge_already_refunded' });
  t.same(
    (await stripe.refunds.list({ payment_intent: pi.id })).data.map((r) => r.amount),
    [2000, 900],
    'newest first',
  );
  const types = eventsAbout(emulator, pi.id).map((e) => e.type);
  t.same(types, [
    'payment_intent.created',
    'charge.failed',
    'payment_intent.payment_failed',
    'charge.succeeded',
    'payment_intent.succeeded',
    'refund.created',
    'charge.refunded',
    'refund.created',
    'charge.refunded',
  ]);
  const other = await stripe.paymentIntents.create({ amount: 4900, currency: 'eur' });
  t.equal((await stripe.paymentIntents.cancel(other.id, { cancellation_reason: 'abandoned' })).status, 'canceled');
  await t.rejects(stripe.refunds.create({ payment_intent: other.id }), { code: 'charge_not_refundable' });
});

t.test('webhooks are signed over the exact body and retried until acknowledged', async (t) => {
  const hook = await webhookReceiver(t, 2);
  emulator.setWebhook({ url: hook.url, secret: SECRET });
  const pi = await stripe.paymentIntents.create({ amount: 1400, currency: 'eur' });
  await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  await waitFor(() => hook.received.some((e) => e.type === 'payment_intent.succeeded' && (e.data.object as Stripe.PaymentIntent).id === pi.id), {
    what: 'verified delivery',
  });
  t.ok(hook.posts() > hook.received.length, 'failed posts were retried');
  await emulator.flushWebhooks();
  const undelivered = await stripe.events.list({ delivery_success: false, types: ['payment_intent.succeeded'] });
  t.notOk(
    undelivered.data.some((e) => (e.data.object as Stripe.PaymentIntent).id === pi.id),
    'delivered events are not listed as undelivered',
  );
  const listed = await stripe.events.list({ type: 'payment_intent.succeeded', limit: 1 });
  t.equal((listed.data[0]?.data.object as Stripe.PaymentIntent).id, pi.id, 'newest first');
  t.ok(Stripe.webhooks.constructEvent('{"a":1}', emulator.signPayload('{"a":1}'), SECRET));
  emulator.setWebhook(undefined);
});
