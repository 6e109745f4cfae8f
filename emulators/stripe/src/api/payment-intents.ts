import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { list, record, str } from '../form.js';
import { nowSeconds, stripeId } from '../object-ids.js';
import { invalid, missingResource, StripeApiError, unexpectedState } from '../stripe-errors.js';
import type { EmulatorStore, Obj, RequestInfo } from '../store.js';
import type { ApiContext } from './context.js';

/** Stripe's test payment methods: which succeed, and how the others decline. */
const declines: Record<string, { decline_code: string; message: string }> = {
  pm_card_chargeDeclined: { decline_code: 'generic_decline', message: 'Your card was declined.' },
  pm_card_visa_chargeDeclinedInsufficientFunds: { decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  pm_card_chargeDeclinedExpiredCard: { decline_code: 'expired_card', message: 'Your card has expired.' },
};
const approved = new Set(['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex']);

export const requestInfo = (req: FastifyRequest): RequestInfo => ({
  id: String(req.id),
  idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
});

function validAmount(p: Record<string, unknown>): number {
  const raw = str(p, 'amount');
  if (raw === undefined) throw invalid('Missing required param: amount.', 'parameter_missing', 'amount');
  if (!/^\d+$/.test(raw)) throw invalid('Invalid integer: ' + raw, 'parameter_invalid_integer', 'amount');
  const amount = Number(raw);
  if (amount < 50) throw invalid('Amount must be at least €0.50 eur', 'amount_too_small', 'amount');
  if (amount > 99_999_999) throw invalid('Amount must be no more than €999,999.99', 'amount_too_large', 'amount');
  return amount;
}

function getPi(store: EmulatorStore, id: string): Obj {
  const pi = store.paymentIntents.get(id);
  if (!pi) throw missingResource('payment_intent', id);
  return pi;
}

function expandCharge(store: EmulatorStore, pi: Obj, expand: string[]): Obj {
  if (!expand.includes('latest_charge') || typeof pi.latest_charge !== 'string') return pi;
  return { ...pi, latest_charge: store.charges.get(pi.latest_charge) ?? pi.latest_charge };
}

function newCharge(pi: Obj, paymentMethod: string, outcome: 'succeeded' | 'failed', failure?: { decline_code: string; message: string }): Obj {
  return {
    id: stripeId('ch'),
    object: 'charge',
    created: nowSeconds(),
    amount: pi.amount,
    amount_captured: outcome === 'succeeded' ? pi.amount : 0,
    amount_refunded: 0,
    captured: outcome === 'succeeded',
    currency: pi.currency,
    customer: pi.customer,
    failure_code: failure ? 'card_declined' : null,
    failure_message: failure?.message ?? null,
    outcome: { type: outcome === 'succeeded' ? 'authorized' : 'issuer_declined', reason: failure?.decline_code ?? null },
    paid: outcome === 'succeeded',
    payment_intent: pi.id,
    payment_method: paymentMethod,
    refunded: false,
    status: outcome,
    livemode: false,
  };
}

export function paymentIntentRoutes(app: FastifyInstance, { store }: ApiContext) {
  app.post('/v1/payment_intents', async (req) => {
    const p = req.body as Record<string, unknown>;
    const amount = validAmount(p);
    const currency = str(p, 'currency');
    if (!currency) throw invalid('Missing required param: currency.', 'parameter_missing', 'currency');
    if (!/^[a-zA-Z]{3}$/.test(currency)) throw invalid(`Invalid currency: ${currency}.`, 'parameter_invalid_string', 'currency');
    const customer = str(p, 'customer') ?? null;
    if (customer && !store.customers.has(customer)) throw missingResource('customer', customer, 'customer');
    const apm = p.automatic_payment_methods as { enabled?: string } | undefined;
    const id = stripeId('pi');
    const pi: Obj = {
      id,
      object: 'payment_intent',
      created: nowSeconds(),
      amount,
      amount_capturable: 0,
      amount_received: 0,
      automatic_payment_methods: apm ? { enabled: apm.enabled === 'true' } : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: 'automatic',
      client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
      confirmation_method: 'automatic',
      currency: currency.toLowerCase(),
      customer,
      description: str(p, 'description') ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: record(p, 'metadata'),
      next_action: null,
      payment_method: null,
      payment_method_types: ['card'],
      receipt_email: str(p, 'receipt_email') ?? null,
      status: 'requires_payment_method',
    };
    store.paymentIntents.set(id, pi);
    store.emit('payment_intent.created', pi, requestInfo(req));
    return pi;
  });

  app.get('/v1/payment_intents/:id', async (req) => {
    const pi = getPi(store, (req.params as { id: string }).id);
    return expandCharge(store, pi, list(req.query as Record<string, unknown>, 'expand'));
  });

  app.post('/v1/payment_intents/:id/confirm', async (req) => {
    const pi = getPi(store, (req.params as { id: string }).id);
    const p = req.body as Record<string, unknown>;
    if (pi.status === 'succeeded' || pi.status === 'canceled') {
      throw unexpectedState(`This PaymentIntent's status is ${String(pi.status)}, so it cannot be confirmed.`);
    }
    const method = str(p, 'payment_method') ?? (pi.payment_method as string | null);
    if (!method) throw invalid('You cannot confirm this PaymentIntent because it\'s missing a payment method.', 'payment_intent_unexpected_state');
    const info = requestInfo(req);
    const decline = declines[method];
    if (!decline && !approved.has(method)) throw missingResource('payment_method', method, 'payment_method');
    pi.payment_method = method;
    if (decline) {
      const charge = newCharge(pi, method, 'failed', decline);
      store.charges.set(charge.id, charge);
      pi.latest_charge = charge.id;
      pi.status = 'requires_payment_method';
      pi.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: decline.decline_code, message: decline.message, charge: charge.id };
      store.emit('charge.failed', charge, info);
      store.emit('payment_intent.payment_failed', pi, info);
      throw new StripeApiError(402, { type: 'card_error', code: 'card_declined', decline_code: decline.decline_code, message: decline.message, param: '', payment_intent: structuredClone(pi) });
    }
    const charge = newCharge(pi, method, 'succeeded');
    store.charges.set(charge.id, charge);
    Object.assign(pi, { latest_charge: charge.id, status: 'succeeded', amount_received: pi.amount, last_payment_error: null });
    store.emit('charge.succeeded', charge, info);
    store.emit('payment_intent.succeeded', pi, info);
    return pi;
  });

  app.post('/v1/payment_intents/:id/cancel', async (req) => {
    const pi = getPi(store, (req.params as { id: string }).id);
    if (pi.status === 'succeeded' || pi.status === 'canceled') {
      throw unexpectedState(`You cannot cancel this PaymentIntent because it has a status of ${String(pi.status)}.`);
    }
    Object.assign(pi, { status: 'canceled', canceled_at: nowSeconds(), cancellation_reason: str(req.body as Record<string, unknown>, 'cancellation_reason') ?? null });
    store.emit('payment_intent.canceled', pi, requestInfo(req));
    return pi;
  });
}
