import type { Bus, Subscription } from '@lumira/bus';
import type { RpcReply } from '@lumira/contracts/rpc';
import { signalScope } from '@lumira/contracts/stripe';
import type Stripe from 'stripe';
import { joinCheckoutTrace } from './checkout-trace.js';
import type { PurchaseTraces } from './purchase-traces.js';
import type { PaymentMetrics } from './metrics.js';
import { derivePaymentFacts, factEventId, intentState } from './payment-fact.js';
import { isMissing } from './stripe-client.js';

export type SyncResult = RpcReply<'rpc.payment.sync'>;
export type SyncScope = { refunds: boolean; disputes: boolean };
export const fullScope: SyncScope = { refunds: true, disputes: true };

export interface Reconciler {
  /** Reads the PaymentIntent back (and what the scope asks of its refunds and disputes) and publishes the facts. */
  sync(paymentIntentId: string, correlationId: string, scope?: SyncScope): Promise<SyncResult>;
  start(): Promise<Subscription[]>;
}

/**
 * The one path from "Stripe says something happened" to payment facts, for webhooks, missed events, order
 * reads, the sweep and admin syncs alike. A PaymentIntent Stripe does not have, or one without our order id,
 * is someone else's (a shared test account, `stripe listen`, another integration): read once, counted,
 * acknowledged, never retried.
 */
export function createReconciler(bus: Bus, stripe: Stripe | undefined, metrics: PaymentMetrics, traces?: PurchaseTraces): Reconciler {
  const foreign = (reason: string, intent: SyncResult['intent'] = null): SyncResult => {
    metrics.foreignIntents.inc({ reason });
    return { facts: [], intent, foreign: true };
  };

  /**
   * `alive` runs after each Stripe call: a bus handler's `working()`, so a read of three slow calls (each up to
   * STRIPE_TIMEOUT_MS × tries) is not taken for a dead handler when the ack wait ends (libs/config timeout-budget).
   */
  async function read(paymentIntentId: string, scope: SyncScope, alive: () => void): Promise<SyncResult & { orderId?: string }> {
    if (!stripe) throw new Error('Stripe is not configured');
    let pi: Stripe.PaymentIntent;
    try {
      pi = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] });
      alive();
    } catch (err) {
      if (isMissing(err)) return foreign('missing');
      metrics.stripeFailures.inc({ operation: 'retrieve' });
      throw err;
    }
    if (!pi.metadata?.orderId) return foreign('no_order', intentState(pi));
    const charge = pi.latest_charge && typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
    try {
      // A refund or dispute is read only when the signal or the charge says there is one: most signals are one read.
      const refunds =
        scope.refunds || (charge?.amount_refunded ?? 0) > 0
          ? await stripe.refunds.list({ payment_intent: pi.id, limit: 100 }).autoPagingToArray({ limit: 1000 })
          : [];
      alive();
      const disputes =
        scope.disputes || charge?.disputed ? await stripe.disputes.list({ payment_intent: pi.id, limit: 100 }).autoPagingToArray({ limit: 100 }) : [];
      return { facts: derivePaymentFacts(pi, refunds, disputes), intent: intentState(pi), foreign: false, orderId: pi.metadata.orderId };
    } catch (err) {
      metrics.stripeFailures.inc({ operation: 'list' });
      throw err;
    }
  }

  async function sync(
    paymentIntentId: string,
    correlationId: string,
    scope: SyncScope = { refunds: false, disputes: false },
    alive: () => void = () => {},
  ): Promise<SyncResult> {
    const { orderId, ...result } = await read(paymentIntentId, scope, alive);
    alive();
    const checkoutTrace = result.facts.length > 0 ? await traces?.find(orderId) : undefined;
    await joinCheckoutTrace(checkoutTrace, { paymentIntentId, orderId }, async () => {
      for (const fact of result.facts) await bus.publish(fact.type, fact.data as never, { id: factEventId(fact), correlationId });
    });
    return result;
  }

  return {
    sync,
    async start() {
      const signals = await bus.subscribe({
        durable: 'payment-reconciler',
        handlers: {
          'payment.signal': async (data, ctx) => {
            const result = await sync(data.paymentIntentId, ctx.correlationId, signalScope(data.stripeEventType), () => ctx.working());
            ctx.log.debug({ stripeEventId: data.stripeEventId, facts: result.facts.map((f) => f.type), foreign: result.foreign }, 'payment signal reconciled');
          },
        },
      });
      const rpc = await bus.serve('rpc.payment.sync', async (req, ctx) => await sync(req.paymentIntentId, ctx.correlationId, req.full ? fullScope : undefined));
      return [signals, rpc];
    },
  };
}
