import type { Bus, Subscription } from '@lumira/bus';
import type Stripe from 'stripe';
import { derivePaymentFact, factEventId, type PaymentFact } from './payment-fact.js';
import type { PaymentMetrics } from './metrics.js';

export interface Reconciler {
  /** Reads the PaymentIntent back and publishes the fact its state implies. */
  sync(paymentIntentId: string, correlationId: string): Promise<PaymentFact | null>;
  start(): Promise<Subscription[]>;
}

/** The one path from "Stripe says something happened" to a payment fact, for webhooks and order reads alike. */
export function createReconciler(bus: Bus, stripe: Stripe | undefined, metrics: PaymentMetrics): Reconciler {
  async function read(paymentIntentId: string): Promise<PaymentFact | null> {
    if (!stripe) throw new Error('Stripe is not configured');
    try {
      const pi = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] });
      const charge = pi.latest_charge && typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
      return derivePaymentFact(pi, charge);
    } catch (err) {
      metrics.stripeFailures.inc({ operation: 'retrieve' });
      throw err;
    }
  }

  async function sync(paymentIntentId: string, correlationId: string): Promise<PaymentFact | null> {
    const fact = await read(paymentIntentId);
    if (fact) await bus.publish(fact.type, fact.data as never, { id: factEventId(fact), correlationId });
    return fact;
  }

  return {
    sync,
    async start() {
      const signals = await bus.subscribe({
        durable: 'payment-reconciler',
        handlers: {
          'payment.signal': async (data, ctx) => {
            const fact = await sync(data.paymentIntentId, ctx.correlationId);
            ctx.log.debug({ stripeEventId: data.stripeEventId, fact: fact?.type ?? 'none' }, 'payment signal reconciled');
          },
        },
      });
      const rpc = await bus.serve('rpc.payment.sync', async (req, ctx) => {
        const fact = await sync(req.paymentIntentId, ctx.correlationId);
        // A refund is settled only through the webhook path; the read path only needs to see the payment through.
        return { fact: fact && fact.type !== 'payment.refunded' ? fact : null };
      });
      return [signals, rpc];
    },
  };
}
