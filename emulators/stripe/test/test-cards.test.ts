import t from 'tap';
import type Stripe from 'stripe';
import { testCardIds } from '@lumira/stripe-emulator';
import { eventsAbout, startEmulator } from './support/emulator.js';

const { emulator, stripe, base } = await startEmulator(t, { timing: { processingMs: 60_000 } });
const intent = () => stripe.paymentIntents.create({ amount: 1400, currency: 'eur' });
const confirm = async (pm: string, extra: Stripe.PaymentIntentConfirmParams = {}) =>
  await stripe.paymentIntents.confirm((await intent()).id, { payment_method: pm, ...extra });

t.test("declines answer each test card's documented codes, and the intent stays payable", async (t) => {
  const table: [string, string, string, string | undefined, string | undefined][] = [
    ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline', undefined, 'try_again_later'],
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds', undefined, 'try_again_later'],
    ['pm_card_visa_chargeDeclinedLostCard', 'card_declined', 'lost_card', undefined, 'do_not_try_again'],
    ['pm_card_visa_chargeDeclinedStolenCard', 'card_declined', 'stolen_card', undefined, 'do_not_try_again'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card', 'exp_month', 'confirm_card_data'],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc', 'cvc', 'confirm_card_data'],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error', undefined, 'try_again_later'],
    ['pm_card_chargeDeclinedFraudulent', 'card_declined', 'fraudulent', undefined, undefined],
    ['pm_card_visa_chargeDeclinedVelocityLimitExceeded', 'card_declined', 'card_velocity_exceeded', undefined, 'try_again_later'],
  ];
  for (const [pm, code, declineCode, param, adviceCode] of table) {
    const pi = await intent();
    const err = (await stripe.paymentIntents.confirm(pi.id, { payment_method: pm }).catch((e: unknown) => e)) as Stripe.errors.StripeCardError;
    t.match(err, { type: 'StripeCardError', statusCode: 402, code, decline_code: declineCode }, pm);
    t.equal(err.param || undefined, param, `${pm}: param`);
    t.equal((err.raw as { advice_code?: string }).advice_code, adviceCode, `${pm}: advice_code`);
    const after = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
    t.match(after, { status: 'requires_payment_method', last_payment_error: { code, decline_code: declineCode } });
    t.match(after.latest_charge, { status: 'failed', failure_code: code, outcome: { type: 'issuer_declined', reason: declineCode } });
    t.equal((await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })).status, 'succeeded', `${pm}: another card then pays`);
  }
});

t.test('every documented card and token id is known; tokens pay through payment_method_data', async (t) => {
  const ids = testCardIds();
  t.ok(ids.length > 60, `${ids.length} ids`);
  for (const id of [
    'pm_card_visa_chargeDeclined',
    'pm_card_visa_chargeDeclinedLostCard',
    'pm_card_visa_chargeDeclinedStolenCard',
    'pm_card_chargeDeclinedIncorrectCvc',
    'pm_card_chargeDeclinedProcessingError',
    'pm_card_chargeDeclinedFraudulent',
    'pm_card_authenticationRequired',
    'pm_card_threeDSecure2Required',
    'pm_card_refundFail',
    'pm_card_createDispute',
    'pm_card_bypassPending',
    'tok_visa',
    'tok_chargeDeclined',
  ]) {
    t.ok(ids.includes(id), id);
  }
  const viaToken = await stripe.paymentIntents.create({
    amount: 1400,
    currency: 'eur',
    confirm: true,
    payment_method_data: { type: 'card', card: { token: 'tok_mastercard' } } as never,
  });
  t.equal(viaToken.status, 'succeeded');
  t.match(await stripe.paymentMethods.retrieve(viaToken.payment_method as string), { type: 'card', card: { brand: 'mastercard', last4: '4444' } });
  await t.rejects(
    stripe.paymentIntents.create({ amount: 1400, currency: 'eur', confirm: true, payment_method_data: { type: 'card', card: { token: 'tok_nope' } } as never }),
    { statusCode: 400, code: 'resource_missing', param: 'payment_method_data[card][token]' },
  );
  await t.rejects(
    confirm('pm_card_nope'),
    { statusCode: 400, code: 'resource_missing', param: 'payment_method' },
    'an unknown id in a parameter is 400, as Stripe answers it',
  );
  t.equal((await confirm('pm_card_bypassPending')).status, 'succeeded');
  t.match((await stripe.paymentIntents.retrieve((await confirm('pm_card_riskLevelElevated')).id, { expand: ['latest_charge'] })).latest_charge, {
    outcome: { risk_level: 'elevated' },
  });
});

t.test('3-D Secure: requires_action with a next_action, completed or failed on the test page', async (t) => {
  const pi = await confirm('pm_card_threeDSecure2Required', { return_url: 'https://shop.example/back?x=1' });
  t.equal(pi.status, 'requires_action');
  t.match(pi.next_action, { type: 'redirect_to_url', redirect_to_url: { return_url: 'https://shop.example/back?x=1', url: `${base}/_emulator/3ds/${pi.id}` } });
  const page = await fetch(pi.next_action!.redirect_to_url!.url!);
  t.match(await page.text(), /Complete[\s\S]*Fail/, 'the page offers both answers');
  const answer = await fetch(pi.next_action!.redirect_to_url!.url!, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'outcome=complete',
  });
  t.equal(answer.status, 303);
  const back = new URL(answer.headers.get('location')!);
  t.same(
    [back.origin + back.pathname, back.searchParams.get('x'), back.searchParams.get('payment_intent'), back.searchParams.get('redirect_status')],
    ['https://shop.example/back', '1', pi.id, 'succeeded'],
  );
  const done = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
  t.match(done, { status: 'succeeded', next_action: null });
  t.match(done.latest_charge, { payment_method_details: { card: { three_d_secure: { result: 'authenticated' } } } });
  t.same(
    eventsAbout(emulator, pi.id).map((e) => e.type),
    ['payment_intent.created', 'payment_intent.requires_action', 'charge.succeeded', 'payment_intent.succeeded'],
  );

  const sdk = await confirm('pm_card_authenticationRequired');
  t.match(sdk.next_action, { type: 'use_stripe_sdk' }, 'without return_url, Stripe.js handles the action');
  emulator.authenticate(sdk.id, 'fail');
  const failed = await stripe.paymentIntents.retrieve(sdk.id);
  t.match(failed, {
    status: 'requires_payment_method',
    next_action: null,
    last_payment_error: { code: 'payment_intent_authentication_failure', type: 'invalid_request_error' },
  });
  t.equal(eventsAbout(emulator, sdk.id).at(-1)?.type, 'payment_intent.payment_failed');
  t.equal((await stripe.paymentIntents.confirm(sdk.id, { payment_method: 'pm_card_visa' })).status, 'succeeded', 'payable again with another card');

  const thenDeclined = await confirm('pm_card_authenticationRequiredChargeDeclinedInsufficientFunds');
  emulator.authenticate(thenDeclined.id, 'complete');
  t.match(await stripe.paymentIntents.retrieve(thenDeclined.id), {
    status: 'requires_payment_method',
    last_payment_error: { decline_code: 'insufficient_funds' },
  });
  await t.rejects(
    stripe.paymentIntents.create({
      amount: 1400,
      currency: 'eur',
      confirm: true,
      payment_method: 'pm_card_threeDSecureRequired',
      error_on_requires_action: true,
    }),
    { statusCode: 402, code: 'authentication_required', decline_code: 'authentication_not_handled' },
  );
  await t.rejects(stripe.paymentIntents.cancel((await confirm('pm_card_visa')).id), { code: 'payment_intent_unexpected_state' });
});

t.test('SEPA debits stay processing until they settle, then succeed or fail', async (t) => {
  const sepa = async (iban: string) =>
    await stripe.paymentIntents.create({
      amount: 2900,
      currency: 'eur',
      confirm: true,
      payment_method_data: { type: 'sepa_debit', sepa_debit: { iban } },
    } as never);
  const ok = await sepa('DE89370400440532013000');
  const ko = await sepa('DE62370400440532013001');
  t.equal(ok.status, 'processing');
  t.match(await stripe.charges.retrieve(ok.latest_charge as string), { status: 'pending', paid: false });
  await t.rejects(stripe.paymentIntents.cancel(ok.id), { code: 'payment_intent_unexpected_state' }, 'processing cannot be canceled');
  t.ok(emulator.runScheduled() >= 2);
  t.match(await stripe.paymentIntents.retrieve(ok.id), { status: 'succeeded', amount_received: 2900 });
  t.match(await stripe.paymentIntents.retrieve(ko.id), {
    status: 'requires_payment_method',
    last_payment_error: { code: 'payment_intent_payment_attempt_failed' },
  });
  t.same(
    eventsAbout(emulator, ok.id).map((e) => e.type),
    ['payment_intent.created', 'charge.pending', 'payment_intent.processing', 'charge.succeeded', 'payment_intent.succeeded'],
  );
  t.equal(eventsAbout(emulator, ko.id).at(-1)?.type, 'payment_intent.payment_failed');
  t.same(
    eventsAbout(emulator, ok.id)
      .slice(-2)
      .map((e) => e.request),
    [
      { id: null, idempotency_key: null },
      { id: null, idempotency_key: null },
    ],
    'settled by Stripe, not by a request',
  );
});
