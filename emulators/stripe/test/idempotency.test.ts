import t from 'tap';
import { startEmulator } from './support/emulator.js';

const { stripe, client, emulator } = await startEmulator(t);

t.test('a 500 is stored and replayed for its key, with Stripe-Should-Retry: false', async (t) => {
  emulator.injectFailure({ method: 'POST', path: /^\/v1\/customers$/, status: 500, times: 1 });
  await t.rejects(stripe.customers.create({ email: 'a@b.fr' }, { idempotencyKey: 'c-1' }), { type: 'StripeAPIError', statusCode: 500, message: /injected/ });
  const replay = await stripe.customers
    .create({ email: 'a@b.fr' }, { idempotencyKey: 'c-1' })
    .catch((e: unknown) => e as { statusCode: number; headers: Record<string, string> });
  t.match(
    replay,
    { statusCode: 500, headers: { 'idempotent-replayed': 'true', 'stripe-should-retry': 'false' } },
    'the failure sticks to the key, as on Stripe',
  );
  t.match(await stripe.customers.create({ email: 'a@b.fr' }, { idempotencyKey: 'c-2' }), { object: 'customer' }, 'a new key runs afresh');
  emulator.injectFailure({ method: 'POST', path: /^\/v1\/customers$/, status: 500, times: 1 });
  await t.rejects(
    client('sk_test_123', 3).customers.create({ email: 'b@b.fr' }, { idempotencyKey: 'c-3' }),
    { statusCode: 500, message: /injected/ },
    "stripe-node's retries get the stored 500 and stop",
  );
});

t.test('a request refused while being checked stores nothing: the same key works once it is right', async (t) => {
  await t.rejects(stripe.paymentIntents.create({ amount: 10, currency: 'eur' }, { idempotencyKey: 'p-1' }), { code: 'amount_too_small' });
  await t.rejects(stripe.paymentIntents.create({ amount: 1400, currency: 'eur', colour: 'x' } as never, { idempotencyKey: 'p-2' }), {
    code: 'parameter_unknown',
  });
  t.equal((await stripe.paymentIntents.create({ amount: 1400, currency: 'eur' }, { idempotencyKey: 'p-2' })).status, 'requires_payment_method');
  emulator.injectFailure({ method: 'POST', path: /^\/v1\/payment_intents$/, status: 429, times: 1 });
  await t.rejects(stripe.paymentIntents.create({ amount: 1400, currency: 'eur' }, { idempotencyKey: 'p-3' }), { statusCode: 429, code: 'rate_limit' });
  t.equal(
    (await stripe.paymentIntents.create({ amount: 1400, currency: 'eur' }, { idempotencyKey: 'p-3' })).object,
    'payment_intent',
    'a 429 is not stored either',
  );
});

t.test('a decline ran, so it is stored: the same key replays the 402', async (t) => {
  const pi = await stripe.paymentIntents.create({ amount: 1400, currency: 'eur' });
  await t.rejects(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: 'd-1' }), {
    statusCode: 402,
    code: 'card_declined',
  });
  const replay = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: 'd-1' }).catch((e: unknown) => e);
  t.match(replay, { statusCode: 402, headers: { 'idempotent-replayed': 'true' } });
  t.equal(emulator.events().filter((e) => e.type === 'charge.failed' && e.data.object.payment_intent === pi.id).length, 1, 'one attempt');
});

t.test('keys are kept 24 hours (here: idempotencyTtlMs)', async (t) => {
  const short = await startEmulator(t, { idempotencyTtlMs: 50 });
  const first = await short.stripe.customers.create({ email: 'ttl@b.fr' }, { idempotencyKey: 'ttl' });
  await new Promise((r) => setTimeout(r, 80));
  const later = await short.stripe.customers.create({ email: 'ttl@b.fr' }, { idempotencyKey: 'ttl' });
  t.not(later.id, first.id, 'an expired key runs again');
});
