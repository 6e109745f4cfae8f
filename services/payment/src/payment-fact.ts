import type { RpcReply } from '@lumira/contracts/rpc';
import type Stripe from 'stripe';

export type PaymentFact = NonNullable<RpcReply<'rpc.payment.sync'>['fact']> | {
  type: 'payment.refunded';
  data: { paymentIntentId: string; orderId: string; amountRefunded: number };
};

/**
 * What a PaymentIntent's current state means for its order. Derived from the object read back from
 * Stripe, never from the webhook's copy, so a stale or replayed event can only repeat the present.
 */
export function derivePaymentFact(pi: Stripe.PaymentIntent, charge: Stripe.Charge | null): PaymentFact | null {
  const orderId = pi.metadata?.orderId;
  if (!orderId) return null;
  const ref = { paymentIntentId: pi.id, orderId };
  switch (pi.status) {
    case 'succeeded':
      if (charge && charge.amount_refunded > 0) return { type: 'payment.refunded', data: { ...ref, amountRefunded: charge.amount_refunded } };
      return { type: 'payment.succeeded', data: { ...ref, amount: pi.amount_received || pi.amount, currency: pi.currency } };
    case 'canceled':
      return { type: 'payment.canceled', data: { ...ref, reason: pi.cancellation_reason ?? null } };
    case 'requires_payment_method': {
      const error = pi.last_payment_error;
      if (!error) return null;
      const code = error.decline_code ?? error.code ?? 'payment_failed';
      return { type: 'payment.failed', data: { ...ref, failure: { code, message: error.message ?? 'The payment failed.' } } };
    }
    default:
      return null;
  }
}

/** Repeating the same fact yields the same id, so JetStream and inboxes absorb it. */
export function factEventId(fact: PaymentFact): string {
  switch (fact.type) {
    case 'payment.failed':
      return `${fact.type}:${fact.data.paymentIntentId}:${fact.data.failure.code}`;
    case 'payment.refunded':
      return `${fact.type}:${fact.data.paymentIntentId}:${fact.data.amountRefunded}`;
    default:
      return `${fact.type}:${fact.data.paymentIntentId}`;
  }
}
