import type Stripe from 'stripe';
import type { StripeEmulator } from '@lumira/stripe-emulator';

const quiet = async (p: Promise<unknown>) =>
  await p.then(
    () => undefined,
    () => undefined,
  );

/**
 * Drives every endpoint the emulator serves, through stripe-node, in the situations the services meet: each
 * documented test card, 3-D Secure both ways, SEPA processing both ways, refunds (partial, failing, pending),
 * disputes (won, lost, inquiry), event lists, and the errors (400, 401, 402, 404, 409, 429, 500).
 */
export async function exerciseEveryEndpoint(stripe: Stripe, emulator: StripeEmulator, base: string, badKey: Stripe): Promise<void> {
  const customer = await stripe.customers.create({ email: 'spec@example.com', name: 'Spec', metadata: { userId: 'u1' } });
  await stripe.customers.retrieve(customer.id);
  await stripe.customers.list({ email: 'spec@example.com', limit: 3 });
  const gone = await stripe.customers.create({ email: 'gone@example.com' });
  await stripe.customers.del(gone.id);
  await stripe.customers.retrieve(gone.id);
  await quiet(stripe.customers.retrieve('cus_missing'));
  await quiet(stripe.paymentIntents.create({ amount: 1400, currency: 'eur', customer: gone.id }));

  const create = (extra: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
    stripe.paymentIntents.create({
      amount: 1400,
      currency: 'eur',
      customer: customer.id,
      metadata: { orderId: 'ord_spec' },
      description: 'Spec',
      receipt_email: 'spec@example.com',
      ...extra,
    });
  const paid = async (pm: string) => await stripe.paymentIntents.confirm((await create()).id, { payment_method: pm });

  for (const pm of ['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex', 'pm_card_riskLevelElevated', 'pm_card_avsFail', 'pm_card_threeDSecureOptional'])
    await paid(pm);
  for (const pm of [
    'pm_card_visa_chargeDeclined',
    'pm_card_visa_chargeDeclinedInsufficientFunds',
    'pm_card_visa_chargeDeclinedLostCard',
    'pm_card_visa_chargeDeclinedStolenCard',
    'pm_card_chargeDeclinedExpiredCard',
    'pm_card_chargeDeclinedIncorrectCvc',
    'pm_card_chargeDeclinedProcessingError',
    'pm_card_chargeDeclinedFraudulent',
    'pm_card_visa_chargeDeclinedVelocityLimitExceeded',
  ]) {
    await quiet(paid(pm));
  }
  await stripe.paymentIntents.create({
    amount: 2900,
    currency: 'eur',
    confirm: true,
    payment_method_data: { type: 'card', card: { token: 'tok_visa' } } as never,
  });
  await quiet(
    stripe.paymentIntents.create({
      amount: 2900,
      currency: 'eur',
      confirm: true,
      payment_method: 'pm_card_authenticationRequired',
      error_on_requires_action: true,
    }),
  );

  const threeDs = await stripe.paymentIntents.confirm((await create()).id, {
    payment_method: 'pm_card_threeDSecure2Required',
    return_url: 'https://shop.example/return',
  });
  await fetch(`${base}/_emulator/3ds/${threeDs.id}`);
  await fetch(`${base}/_emulator/3ds/${threeDs.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: 'outcome=complete',
  });
  const threeDsFail = await stripe.paymentIntents.confirm((await create()).id, { payment_method: 'pm_card_authenticationRequired' });
  emulator.authenticate(threeDsFail.id, 'fail');
  await stripe.paymentIntents.retrieve(threeDsFail.id);
  const authThenDecline = await stripe.paymentIntents.confirm((await create()).id, {
    payment_method: 'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds',
  });
  emulator.authenticate(authThenDecline.id, 'complete');

  const sepa = (iban: string) =>
    stripe.paymentIntents.create({
      amount: 1400,
      currency: 'eur',
      confirm: true,
      payment_method_types: ['sepa_debit'],
      payment_method_data: { type: 'sepa_debit', sepa_debit: { iban } },
      mandate_data: { customer_acceptance: { type: 'online', online: { ip_address: '127.0.0.1', user_agent: 'spec' } } },
    } as never);
  const sepaOk = await sepa('DE89370400440532013000');
  await sepa('DE62370400440532013001');
  await stripe.paymentMethods.retrieve(sepaOk.payment_method as string);

  const refundable = await paid('pm_card_visa');
  await stripe.charges.retrieve(refundable.latest_charge as string, { expand: ['payment_intent', 'customer'] });
  await stripe.paymentIntents.retrieve(refundable.id, { expand: ['latest_charge', 'customer', 'payment_method', 'latest_charge.payment_intent'] });
  const partial = await stripe.refunds.create({ payment_intent: refundable.id, amount: 400, reason: 'requested_by_customer', metadata: { by: 'spec' } });
  await stripe.refunds.create({ charge: refundable.latest_charge as string });
  await stripe.refunds.retrieve(partial.id, { expand: ['charge'] });
  await stripe.refunds.list({ payment_intent: refundable.id, limit: 100 });
  await quiet(stripe.refunds.create({ payment_intent: refundable.id }));
  await quiet(stripe.refunds.create({ payment_intent: (await paid('pm_card_visa')).id, amount: 99_999 }));
  await stripe.refunds.create({ payment_intent: (await paid('pm_card_refundFail')).id });
  await stripe.refunds.create({ payment_intent: (await paid('pm_card_pendingRefund')).id, amount: 500 });

  const disputed = await paid('pm_card_createDispute');
  const lost = await paid('pm_card_createDisputeProductNotReceived');
  const inquiry = await paid('pm_card_createDisputeInquiry');
  emulator.runScheduled();
  const [dispute] = (await stripe.disputes.list({ payment_intent: disputed.id })).data;
  await quiet(stripe.refunds.create({ payment_intent: disputed.id }));
  await stripe.disputes.update(dispute!.id, { evidence: { uncategorized_text: 'winning_evidence', customer_name: 'Spec' } });
  await stripe.disputes.retrieve(dispute!.id, { expand: ['charge'] });
  await stripe.disputes.close((await stripe.disputes.list({ payment_intent: lost.id })).data[0]!.id);
  await stripe.disputes.update((await stripe.disputes.list({ payment_intent: inquiry.id })).data[0]!.id, {
    evidence: { uncategorized_text: 'losing_evidence' },
  });
  await fetch(`${base}/_emulator/run-scheduled`, { method: 'POST' });
  await quiet(stripe.disputes.close(dispute!.id));

  const canceled = await stripe.paymentIntents.cancel((await create()).id, { cancellation_reason: 'abandoned' });
  await quiet(stripe.paymentIntents.cancel(canceled.id));
  await quiet(stripe.paymentIntents.confirm(refundable.id, { payment_method: 'pm_card_visa' }));
  await quiet(stripe.paymentIntents.retrieve('pi_missing'));
  await quiet(stripe.paymentIntents.confirm((await create()).id, { payment_method: 'pm_card_nope' }));
  await quiet(stripe.paymentIntents.create({ amount: 1400, currency: 'eur', colour: 'blue' } as never));
  await quiet(stripe.paymentIntents.create({ amount: 1400, currency: 'xyz' }));
  await quiet(stripe.paymentIntents.create({ amount: 10, currency: 'eur' }));
  await quiet(stripe.paymentIntents.retrieve(refundable.id, { expand: ['metadata'] }));
  await quiet(stripe.refunds.list({ expand: ['charge'] }));

  const events = await stripe.events.list({ types: ['payment_intent.*', 'charge.refunded'], limit: 5 });
  await stripe.events.list({ delivery_success: false, limit: 3, created: { gte: 0 } } as never);
  await stripe.events.list({ ending_before: events.data.at(-1)!.id, limit: 2 });
  await stripe.events.list({ starting_after: events.data[0]!.id, limit: 2 });
  await stripe.events.retrieve(events.data[0]!.id);
  await quiet(stripe.events.retrieve('evt_missing'));

  await stripe.paymentIntents.create({ amount: 1400, currency: 'eur' }, { idempotencyKey: 'spec-key' });
  await stripe.paymentIntents.create({ amount: 1400, currency: 'eur' }, { idempotencyKey: 'spec-key' });
  await quiet(stripe.paymentIntents.create({ amount: 2900, currency: 'eur' }, { idempotencyKey: 'spec-key' }));
  emulator.injectFailure({ method: 'POST', path: /^\/v1\/customers$/, status: 500, times: 1 });
  await quiet(stripe.customers.create({ email: 'x@example.com' }, { idempotencyKey: 'spec-500' }));
  await quiet(stripe.customers.create({ email: 'x@example.com' }, { idempotencyKey: 'spec-500' }));
  emulator.injectFailure({ path: /^\/v1\/customers$/, status: 429, times: 1 });
  await quiet(stripe.customers.list());
  await quiet(badKey.customers.list());
}
