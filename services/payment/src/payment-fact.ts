import type { PaymentFact } from '@lumira/contracts/rpc';
import type Stripe from 'stripe';

export type { PaymentFact };

const refundStatuses = new Set(['pending', 'succeeded', 'failed', 'canceled']);

/** What a PaymentIntent's own state means for its order (null: nothing to say yet, e.g. 3-D Secure pending). */
function intentFact(pi: Stripe.PaymentIntent, orderId: string): PaymentFact | null {
  const ref = { paymentIntentId: pi.id, orderId };
  switch (pi.status) {
    case 'succeeded':
      return { type: 'payment.succeeded', data: { ...ref, amount: pi.amount_received || pi.amount, currency: pi.currency } };
    case 'canceled':
      return { type: 'payment.canceled', data: { ...ref, reason: pi.cancellation_reason ?? null } };
    case 'requires_payment_method': {
      const error = pi.last_payment_error;
      if (!error) return null;
      const code = error.code ?? 'payment_failed';
      return {
        type: 'payment.failed',
        data: { ...ref, failure: { code, declineCode: error.decline_code ?? null, message: error.message ?? 'The payment failed.' } },
      };
    }
    default:
      return null;
  }
}

/**
 * What a PaymentIntent's current state, its refunds and its disputes mean for its order. Derived from the
 * objects read back from Stripe, never from a webhook's copy, so a stale or replayed event can only repeat
 * the present. An intent without our order id in its metadata is not ours: no facts.
 */
export function derivePaymentFacts(pi: Stripe.PaymentIntent, refunds: readonly Stripe.Refund[], disputes: readonly Stripe.Dispute[]): PaymentFact[] {
  const orderId = pi.metadata?.orderId;
  if (!orderId) return [];
  const facts: PaymentFact[] = [];
  const own = intentFact(pi, orderId);
  if (own) facts.push(own);
  const ref = { paymentIntentId: pi.id, orderId, payment: { amount: pi.amount_received || pi.amount, currency: pi.currency } };
  for (const r of refunds) {
    const status = r.status ?? 'pending';
    if (!refundStatuses.has(status) || r.amount <= 0) continue;
    facts.push({
      type: 'payment.refund_updated',
      data: { ...ref, refund: { id: r.id, amount: r.amount, currency: r.currency, status: status as 'pending', failureReason: r.failure_reason ?? null } },
    });
  }
  for (const d of disputes) {
    facts.push({
      type: 'payment.dispute_updated',
      data: { ...ref, dispute: { id: d.id, amount: d.amount, currency: d.currency, status: d.status, reason: d.reason } },
    });
  }
  return facts;
}

/** Repeating the same fact yields the same id, so JetStream and inboxes absorb it. */
export function factEventId(fact: PaymentFact): string {
  switch (fact.type) {
    case 'payment.failed':
      return `${fact.type}:${fact.data.paymentIntentId}:${fact.data.failure.code}:${fact.data.failure.declineCode ?? ''}`;
    case 'payment.refund_updated':
      return `${fact.type}:${fact.data.refund.id}:${fact.data.refund.status}`;
    case 'payment.dispute_updated':
      return `${fact.type}:${fact.data.dispute.id}:${fact.data.dispute.status}`;
    default:
      return `${fact.type}:${fact.data.paymentIntentId}`;
  }
}

/** What a customer's frontend needs of a PaymentIntent still waiting: its status and the action Stripe.js must take. */
export function intentState(pi: Stripe.PaymentIntent): { status: string; nextAction: { type: string; redirectUrl: string | null } | null } {
  const action = pi.next_action;
  return { status: pi.status, nextAction: action ? { type: action.type, redirectUrl: action.redirect_to_url?.url ?? null } : null };
}
