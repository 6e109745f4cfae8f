import type { FastifyInstance } from 'fastify';
import { str } from '../form.js';
import { nowSeconds, stripeId } from '../object-ids.js';
import { invalid, missingResource } from '../stripe-errors.js';
import type { Obj } from '../store.js';
import type { ApiContext } from './context.js';
import { requestInfo } from './payment-intents.js';

export function chargeAndRefundRoutes(app: FastifyInstance, { store }: ApiContext) {
  app.get('/v1/charges/:id', async (req) => {
    const { id } = req.params as { id: string };
    const charge = store.charges.get(id);
    if (!charge) throw missingResource('charge', id);
    return charge;
  });

  app.post('/v1/refunds', async (req) => {
    const p = req.body as Record<string, unknown>;
    const piId = str(p, 'payment_intent');
    const chargeId = str(p, 'charge');
    let charge: Obj | undefined;
    if (piId) {
      const pi = store.paymentIntents.get(piId);
      if (!pi) throw missingResource('payment_intent', piId, 'payment_intent');
      if (pi.status !== 'succeeded' || typeof pi.latest_charge !== 'string') {
        throw invalid(`This PaymentIntent (${piId}) does not have a successful charge to refund.`, 'charge_not_refundable', 'payment_intent');
      }
      charge = store.charges.get(pi.latest_charge);
    } else if (chargeId) {
      charge = store.charges.get(chargeId);
      if (!charge) throw missingResource('charge', chargeId, 'charge');
    } else {
      throw invalid('One of the following params should be provided for this request: payment_intent or charge.', 'parameter_missing');
    }
    if (!charge || charge.status !== 'succeeded') throw invalid('This charge cannot be refunded.', 'charge_not_refundable');
    const remaining = (charge.amount as number) - (charge.amount_refunded as number);
    const requested = str(p, 'amount');
    const amount = requested === undefined ? remaining : Number(requested);
    if (!Number.isInteger(amount) || amount <= 0 || amount > remaining) {
      throw invalid(`Refund amount (${requested ?? amount}) is greater than unrefunded amount on charge (${remaining}).`, 'amount_too_large', 'amount');
    }
    const refund: Obj = {
      id: stripeId('re'),
      object: 'refund',
      created: nowSeconds(),
      amount,
      charge: charge.id,
      currency: charge.currency,
      payment_intent: charge.payment_intent,
      reason: str(p, 'reason') ?? null,
      status: 'succeeded',
    };
    store.refunds.set(refund.id, refund);
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded = (charge.amount_refunded as number) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    const info = requestInfo(req);
    store.emit('refund.created', refund, info);
    store.emit('charge.refunded', charge, info, previous);
    return refund;
  });
}
