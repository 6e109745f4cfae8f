import t from 'tap';
import { startEmulator } from './support/emulator.js';

const { stripe, client, base, emulator } = await startEmulator(t);

t.test('unknown parameters, bad currencies and bad expansions are refused as Stripe words them', async (t) => {
  await t.rejects(stripe.paymentIntents.create({ amount: 1400, currency: 'eur', colour: 'blue' } as never), {
    statusCode: 400,
    code: 'parameter_unknown',
    param: 'colour',
    message: 'Received unknown parameter: colour',
  });
  await t.rejects(stripe.paymentIntents.create({ amount: 1400, currency: 'eur', automatic_payment_methods: { enabled: true, colour: 'x' } } as never), {
    code: 'parameter_unknown',
    param: 'automatic_payment_methods[colour]',
  });
  await t.rejects(stripe.customers.list({ emial: 'x@y.fr' } as never), { code: 'parameter_unknown', param: 'emial' }, 'query parameters too');
  await t.rejects(stripe.paymentIntents.create({ amount: 1400, currency: 'xyz' }), {
    statusCode: 400,
    param: 'currency',
    message: /^Invalid currency: xyz\. Stripe currently supports these currencies: usd, aed/,
  });
  await t.rejects(stripe.paymentIntents.create({ amount: 'abc' as never, currency: 'eur' }), { code: 'parameter_invalid_integer', param: 'amount' });
  await t.rejects(stripe.paymentIntents.cancel('pi_x', { cancellation_reason: 'bored' as never }), {
    param: 'cancellation_reason',
    message: /must be one of duplicate, fraudulent, requested_by_customer, or abandoned/,
  });
  const pi = await stripe.paymentIntents.create({ amount: 1400, currency: 'eur' });
  await t.rejects(stripe.paymentIntents.retrieve(pi.id, { expand: ['metadata'] }), {
    statusCode: 400,
    message: 'This property cannot be expanded (metadata).',
  });
  await t.rejects(stripe.refunds.list({ expand: ['charge'] }), {
    message: "This property cannot be expanded (charge). You may want to try expanding 'data.charge' instead.",
  });
  t.equal((await stripe.refunds.list({ expand: ['data.charge'] })).object, 'list');
});

t.test('an id in the URL that names nothing is 404; in a parameter, 400', async (t) => {
  await t.rejects(stripe.paymentIntents.retrieve('pi_missing'), { statusCode: 404, code: 'resource_missing', param: 'id' });
  await t.rejects(stripe.refunds.create({ payment_intent: 'pi_missing' }), { statusCode: 400, code: 'resource_missing', param: 'payment_intent' });
  await t.rejects(stripe.events.list({ starting_after: 'evt_missing' }), { statusCode: 400, code: 'resource_missing', param: 'starting_after' });
  const res = await fetch(`${base}/v1/nothing`, { headers: { authorization: 'Bearer sk_test_1' } });
  t.equal(res.status, 404);
  t.match(await res.json(), { error: { type: 'invalid_request_error', message: /^Unrecognized request URL \(GET: \/v1\/nothing\)/ } });
});

t.test("401 and 429 use Stripe's own error type, and stripe-node maps them by status", async (t) => {
  const noKey = await fetch(`${base}/v1/customers`);
  t.equal(noKey.status, 401);
  t.match(await noKey.json(), { error: { type: 'invalid_request_error', message: /did not provide an API key/ } });
  await t.rejects(client('pk_test_wrong').customers.list(), {
    type: 'StripeAuthenticationError',
    message: /Invalid API Key/,
    statusCode: 401,
    raw: { type: 'invalid_request_error' },
  });
  emulator.injectFailure({ path: /^\/v1\/customers$/, status: 429, times: 1 });
  await t.rejects(stripe.customers.list(), { type: 'StripeRateLimitError', statusCode: 429, code: 'rate_limit', raw: { type: 'invalid_request_error' } });
});

t.test('Stripe-Version: malformed is refused, any other is echoed; events are rendered at the account version', async (t) => {
  const bad = await fetch(`${base}/v1/customers`, { headers: { authorization: 'Bearer sk_test_1', 'stripe-version': 'yesterday' } });
  t.equal(bad.status, 400);
  t.match(await bad.json(), { error: { message: 'Invalid Stripe API version: yesterday' } });
  const pinned = await fetch(`${base}/v1/customers`, { method: 'POST', headers: { authorization: 'Bearer sk_test_1', 'stripe-version': '2024-06-20' } });
  t.equal(pinned.headers.get('stripe-version'), '2024-06-20');
  t.equal(emulator.events().at(-1)?.api_version, '2026-10-28.endive', 'the event follows the account, not the request');
});

t.test('latency, when asked for, delays every API answer', async (t) => {
  const slow = await startEmulator(t, { latencyMs: 150 });
  const started = process.hrtime.bigint();
  await slow.stripe.customers.list();
  t.ok(Number(process.hrtime.bigint() - started) / 1e6 >= 145, 'at least the configured delay');
});
