import { chargeObject, chargeOutcome } from '../objects/charge.js';
import { StripeApiError, errorBody, unexpectedState } from '../stripe-errors.js';
import { automatic, type Obj, type RequestInfo, type ScheduledTask } from '../store.js';
import { testCardByFingerprint, testIbanOutcome, type Decline, type TestCard } from '../test-cards.js';
import type { ApiContext } from './context.js';

export interface AttemptOptions {
  returnUrl: string | null;
  errorOnRequiresAction: boolean;
}

/** The test card a card PaymentMethod was made from. */
export function cardOf(pm: Obj): TestCard | undefined {
  return pm.type === 'card' ? testCardByFingerprint(String((pm.card as { fingerprint: string }).fingerprint)) : undefined;
}

const cardErrorBody = (d: Decline, chargeId: string | undefined) =>
  errorBody('card_error', d.message, {
    code: d.code,
    decline_code: d.declineCode,
    ...(d.adviceCode ? { advice_code: d.adviceCode } : {}),
    ...(d.param ? { param: d.param } : {}),
    ...(chargeId ? { charge: chargeId } : {}),
  });

function succeed(ctx: ApiContext, pi: Obj, pm: Obj, info: RequestInfo, authenticated: boolean): void {
  const card = cardOf(pm);
  const charge = ctx.store.save(chargeObject(pi, pm, 'succeeded', { ...(card ? { card } : {}), authenticated }));
  Object.assign(pi, {
    status: 'succeeded',
    latest_charge: charge.id,
    amount_received: pi.amount,
    last_payment_error: null,
    next_action: null,
    processing: null,
    payment_method: pm.id,
  });
  ctx.store.save(pi);
  ctx.store.emit('charge.succeeded', charge, info);
  ctx.store.emit('payment_intent.succeeded', pi, info);
  if (card?.dispute)
    ctx.scheduler.schedule('open_dispute', charge.id, ctx.timing.disputeMs, `${card.dispute.inquiry ? 'inquiry' : 'chargeback'}:${card.dispute.reason}`);
}

/** A declined attempt: a failed charge, the intent back to requires_payment_method with the error; answers the 402. */
function decline(ctx: ApiContext, pi: Obj, pm: Obj, d: Decline, info: RequestInfo, authenticated: boolean): StripeApiError {
  const card = cardOf(pm);
  const charge = ctx.store.save(
    chargeObject(pi, pm, 'failed', { ...(card ? { card } : {}), failure: { code: d.code, message: d.message, decline: d }, authenticated }),
  );
  Object.assign(pi, {
    status: 'requires_payment_method',
    latest_charge: charge.id,
    last_payment_error: { ...cardErrorBody(d, charge.id), payment_method: pm },
    next_action: null,
    payment_method: null,
  });
  ctx.store.save(pi);
  ctx.store.emit('charge.failed', charge, info);
  ctx.store.emit('payment_intent.payment_failed', pi, info);
  return new StripeApiError(402, { ...cardErrorBody(d, charge.id), payment_intent: structuredClone(pi) }, { shouldRetry: false });
}

function requireAction(ctx: ApiContext, pi: Obj, pm: Obj, info: RequestInfo, returnUrl: string | null): void {
  const url = `${ctx.baseUrl()}/_emulator/3ds/${pi.id}`;
  const nextAction = returnUrl
    ? { type: 'redirect_to_url', redirect_to_url: { return_url: returnUrl, url } }
    : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url } };
  Object.assign(pi, { status: 'requires_action', next_action: nextAction, payment_method: pm.id, last_payment_error: null });
  ctx.store.save(pi);
  ctx.store.emit('payment_intent.requires_action', pi, info);
}

/**
 * One payment attempt with the given PaymentMethod, as Stripe runs it in test mode: the card's documented
 * outcome, 3-D Secure when the card asks for it, or `processing` for a SEPA debit that settles later.
 * A decline is recorded and then thrown as Stripe's 402.
 */
export function attemptPayment(ctx: ApiContext, pi: Obj, pm: Obj, info: RequestInfo, options: AttemptOptions): void {
  if (pm.type === 'sepa_debit') {
    const outcome = testIbanOutcome(String((pm.sepa_debit as { fingerprint: string }).fingerprint));
    const charge = ctx.store.save(chargeObject(pi, pm, 'pending', {}));
    Object.assign(pi, { status: 'processing', latest_charge: charge.id, payment_method: pm.id, last_payment_error: null, next_action: null });
    ctx.store.save(pi);
    ctx.store.emit('charge.pending', charge, info);
    ctx.store.emit('payment_intent.processing', pi, info);
    ctx.scheduler.schedule('settle_processing', pi.id, ctx.timing.processingMs, outcome);
    return;
  }
  const card = cardOf(pm);
  if (card?.authentication) {
    if (options.errorOnRequiresAction) {
      const d: Decline = {
        code: 'authentication_required',
        declineCode: 'authentication_not_handled',
        message:
          "This payment required an authentication action to complete, but `error_on_requires_action` was set. When you're ready, you can upgrade your integration to handle actions at https://stripe.com/docs/payments/payment-intents/upgrade-to-handle-actions.",
      };
      throw decline(ctx, pi, pm, d, info, false);
    }
    requireAction(ctx, pi, pm, info, options.returnUrl);
    return;
  }
  if (card?.decline) throw decline(ctx, pi, pm, card.decline, info, false);
  succeed(ctx, pi, pm, info, false);
}

/** The customer's answer on the 3-D Secure page (the "Complete" or "Fail" button of Stripe's test page). */
export function authenticate(ctx: ApiContext, pi: Obj, outcome: 'complete' | 'fail'): void {
  if (pi.status !== 'requires_action') throw unexpectedState(`This PaymentIntent's status is ${String(pi.status)}: there is no authentication to complete.`);
  const pm = ctx.store.get('payment_method', String(pi.payment_method))!;
  if (outcome === 'complete') {
    const after = cardOf(pm)?.authentication?.declineAfter;
    if (after) decline(ctx, pi, pm, after, automatic, true);
    else succeed(ctx, pi, pm, automatic, true);
    return;
  }
  const error = errorBody(
    'invalid_request_error',
    'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
    {
      code: 'payment_intent_authentication_failure',
    },
  );
  Object.assign(pi, { status: 'requires_payment_method', next_action: null, payment_method: null, last_payment_error: { ...error, payment_method: pm } });
  ctx.store.save(pi);
  ctx.store.emit('payment_intent.payment_failed', pi, automatic);
}

/** A SEPA debit's outcome, days later on Stripe, `timing.processingMs` here. */
export function settleProcessing(ctx: ApiContext, task: ScheduledTask): void {
  const pi = ctx.store.get('payment_intent', task.target);
  if (!pi || pi.status !== 'processing') return;
  const charge = ctx.store.get('charge', String(pi.latest_charge))!;
  if (task.outcome === 'succeeded') {
    Object.assign(charge, {
      status: 'succeeded',
      paid: true,
      captured: true,
      amount_captured: charge.amount,
      outcome: chargeOutcome('succeeded', undefined, undefined),
    });
    Object.assign(pi, { status: 'succeeded', amount_received: pi.amount });
    ctx.store.save(charge);
    ctx.store.save(pi);
    ctx.store.emit('charge.succeeded', charge, automatic);
    ctx.store.emit('payment_intent.succeeded', pi, automatic);
    return;
  }
  const failure = { code: 'insufficient_funds', message: "The customer's account has insufficient funds to cover this payment." };
  Object.assign(charge, {
    status: 'failed',
    failure_code: failure.code,
    failure_message: failure.message,
    outcome: chargeOutcome('failed', undefined, failure),
  });
  const error = errorBody('invalid_request_error', 'The latest attempt to complete the payment failed.', {
    code: 'payment_intent_payment_attempt_failed',
    charge: charge.id,
  });
  Object.assign(pi, { status: 'requires_payment_method', payment_method: null, last_payment_error: error });
  ctx.store.save(charge);
  ctx.store.save(pi);
  ctx.store.emit('charge.failed', charge, automatic);
  ctx.store.emit('payment_intent.payment_failed', pi, automatic);
}
