import t from 'tap';
import Fastify from 'fastify';
import Stripe from 'stripe';
import { createStripeEmulator } from '@lumira/stripe-emulator';
import { waitFor } from '@lumira/testing';

const SECRET = 'whsec_test_emulator';
const emulator = createStripeEmulator({ delivery: { initialDelayMs: 20, maxAttempts: 4, timeoutMs: 2000 } });
const url = new URL(await emulator.listen());
t.teardown(() => emulator.close());
const client = (key = 'sk_test_123', retries = 0) => new Stripe(key, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: retries });
const stripe = client();

/** A webhook endpoint that verifies signatures as the payment service does, failing the first `failFirst` posts. */
async function receiver(failFirst = 0) {
  const received: Stripe.Event[] = [];
  let posts = 0;
  const app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_r, body, done) => done(null, body));
  app.post('/hook', async (req, reply) => {
    posts++;
    if (posts <= failFirst) return reply.code(500).send('not yet');
    received.push(Stripe.webhooks.constructEvent(req.body as Buffer, String(req.headers['stripe-signature']), SECRET));
    return { ok: true };
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  return { url: `${base}/hook`, received, posts: () => posts };
}

t.test('customers: create, retrieve, list by email', async (t) => {
  const c = await stripe.customers.create({ email: 'a@b.fr', name: 'Ana', metadata: { userId: 'u1' } });
  t.match(c.id, /^cus_/);
  t.same((await stripe.customers.retrieve(c.id) as Stripe.Customer).metadata, { userId: 'u1' });
  const list = await stripe.customers.list({ email: 'a@b.fr' });
  t.same(list.data.map((x) => x.id), [c.id]);
  await t.rejects(stripe.customers.retrieve('cus_nope'), { type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing' });
});

t.test('payment intents: shape, validation, idempotent replay and mismatch', async (t) => {
  const params = { amount: 1400, currency: 'eur', automatic_payment_methods: { enabled: true }, metadata: { orderId: 'ord_1' } };
  const pi = await stripe.paymentIntents.create(params, { idempotencyKey: 'k1' });
  t.match(pi, { object: 'payment_intent', status: 'requires_payment_method', amount: 1400, currency: 'eur', latest_charge: null, metadata: { orderId: 'ord_1' } });
  t.match(pi.client_secret, new RegExp(`^${pi.id}_secret_`));
  const again = await stripe.paymentIntents.create(params, { idempotencyKey: 'k1' });
  t.equal(again.id, pi.id, 'same key and params replay the same object');
  t.equal(again.lastResponse.headers['idempotent-replayed'], 'true');
  await t.rejects(stripe.paymentIntents.create({ ...params, amount: 2900 }, { idempotencyKey: 'k1' }), { message: /same parameters/, type: 'StripeIdempotencyError' });
  await t.rejects(stripe.paymentIntents.create({ amount: 10, currency: 'eur' }), { code: 'amount_too_small', param: 'amount' });
  await t.rejects(stripe.paymentIntents.create({ currency: 'eur' } as never), { code: 'parameter_missing', param: 'amount' });
  await t.rejects(stripe.paymentIntents.create({ amount: 1400, currency: 'eur', customer: 'cus_missing' }), { code: 'resource_missing', param: 'customer' });
});

t.test('confirm: a decline, then a good card; refund; cancel rules', async (t) => {
  const pi = await stripe.paymentIntents.create({ amount: 2900, currency: 'eur' });
  const declined = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }).catch((e: unknown) => e);
  t.match(declined, { type: 'StripeCardError', statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
  const failed = await stripe.paymentIntents.retrieve(pi.id);
  t.equal(failed.status, 'requires_payment_method');
  t.match(failed.last_payment_error, { type: 'card_error', code: 'card_declined' });
  const ok = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  t.equal(ok.status, 'succeeded');
  t.equal(ok.amount_received, 2900);
  t.equal(ok.last_payment_error, null);
  const expanded = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
  t.match(expanded.latest_charge, { object: 'charge', paid: true, amount_refunded: 0 });
  await t.rejects(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }), { code: 'payment_intent_unexpected_state' });
  await t.rejects(stripe.paymentIntents.cancel(pi.id), { code: 'payment_intent_unexpected_state' });
  const refund = await stripe.refunds.create({ payment_intent: pi.id });
  t.match(refund, { object: 'refund', amount: 2900, status: 'succeeded', payment_intent: pi.id });
  t.equal((await stripe.charges.retrieve(ok.latest_charge as string)).refunded, true);
  await t.rejects(stripe.refunds.create({ payment_intent: pi.id }), { code: 'amount_too_large' });
  const types = emulator.events().filter((e) => JSON.stringify(e.data.object).includes(pi.id)).map((e) => e.type);
  t.same(types, ['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed', 'charge.succeeded', 'payment_intent.succeeded', 'refund.created', 'charge.refunded']);
  const other = await stripe.paymentIntents.create({ amount: 4900, currency: 'eur' });
  t.equal((await stripe.paymentIntents.cancel(other.id, { cancellation_reason: 'abandoned' })).status, 'canceled');
  await t.rejects(stripe.refunds.create({ payment_intent: other.id }), { code: 'charge_not_refundable' });
});

t.test('authentication and injected failures reach stripe-node as its own error classes', async (t) => {
  await t.rejects(client('pk_test_wrong').customers.list(), { message: /Invalid API Key/, type: 'StripeAuthenticationError', statusCode: 401 });
  emulator.injectFailure({ method: 'POST', path: /^\/v1\/customers$/, status: 500, times: 1 });
  await t.rejects(stripe.customers.create({ email: 'x@y.fr' }), { message: /injected/, type: 'StripeAPIError', statusCode: 500 });
  t.ok(await stripe.customers.create({ email: 'x@y.fr' }), 'only the next request failed');
  emulator.injectFailure({ path: /^\/v1\/customers$/, status: 503, times: 1 });
  t.ok(await client('sk_test_123', 2).customers.list(), "stripe-node's own retry gets through");
});

t.test('webhooks are signed over the exact body and retried until acknowledged', async (t) => {
  const hook = await receiver(2);
  emulator.setWebhook({ url: hook.url, secret: SECRET });
  const pi = await stripe.paymentIntents.create({ amount: 1400, currency: 'eur' });
  await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  await waitFor(() => hook.received.some((e) => e.type === 'payment_intent.succeeded' && (e.data.object as Stripe.PaymentIntent).id === pi.id), { what: 'verified delivery' });
  t.ok(hook.posts() > hook.received.length, 'failed posts were retried');
  await emulator.flushWebhooks();
  const undelivered = await stripe.events.list({ delivery_success: false, types: ['payment_intent.succeeded'] } as never);
  t.notOk(undelivered.data.some((e) => (e.data.object as Stripe.PaymentIntent).id === pi.id), 'delivered events are not listed as undelivered');
  const listed = await stripe.events.list({ type: 'payment_intent.succeeded', limit: 1 });
  t.equal((listed.data[0]?.data.object as Stripe.PaymentIntent).id, pi.id, 'newest first');
  const header = emulator.signPayload('{"a":1}');
  t.ok(Stripe.webhooks.constructEvent('{"a":1}', header, SECRET));
});
