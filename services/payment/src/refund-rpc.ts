import { RpcError, type Bus, type Subscription } from '@lumira/bus';
import type Stripe from 'stripe';
import type { PaymentMetrics } from './metrics.js';
import { isStripeError } from './stripe-client.js';

/** Stripe's refusal, in the status an operator should see; anything else is Stripe being away (502). */
function refundError(err: unknown): RpcError {
  if (isStripeError(err)) {
    if (err.type === 'StripeIdempotencyError') {
      return new RpcError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for another refund of this order; use a new key for a new refund',
        422,
      );
    }
    if (err.type === 'StripeInvalidRequestError' && err.statusCode === 400) {
      const conflict = err.code === 'charge_already_refunded' || err.code === 'charge_disputed';
      return new RpcError(conflict ? 'REFUND_CONFLICT' : 'REFUND_REFUSED', `Stripe refused the refund: ${err.message}`, conflict ? 409 : 400);
    }
  }
  return new RpcError('PAYMENT_PROVIDER_ERROR', 'Stripe could not be reached or failed; retry with the same Idempotency-Key, which refunds at most once', 502);
}

/**
 * Asks Stripe for a refund. The idempotency key Stripe sees is derived from the order and the operator's key,
 * so a retried request refunds once; the order itself changes only when Stripe reports the refund back.
 */
export async function serveRefunds(bus: Bus, stripe: Stripe | undefined, metrics: PaymentMetrics): Promise<Subscription> {
  return await bus.serve('rpc.payment.refund', async (req, ctx) => {
    if (!stripe) throw new RpcError('STRIPE_NOT_CONFIGURED', 'STRIPE_SECRET_KEY environment variable is required', 503);
    try {
      const refund = await stripe.refunds.create(
        {
          payment_intent: req.paymentIntentId,
          ...(req.amount ? { amount: req.amount } : {}),
          ...(req.reason ? { reason: req.reason } : {}),
          metadata: { orderId: req.orderId },
        },
        { idempotencyKey: `lumira-refund-${req.orderId}-${req.idempotencyKey}` },
      );
      ctx.log.info({ orderId: req.orderId, refundId: refund.id, amount: refund.amount }, 'refund asked of Stripe');
      return { refundId: refund.id, amount: refund.amount, status: refund.status ?? 'pending' };
    } catch (err) {
      const mapped = refundError(err);
      if (mapped.status >= 500) metrics.stripeFailures.inc({ operation: 'refund' });
      ctx.log.warn({ orderId: req.orderId, code: mapped.code, stripeMessage: isStripeError(err) ? err.message : undefined }, 'refund not taken');
      throw mapped;
    }
  });
}
