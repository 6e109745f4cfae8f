import type { Bus } from '@lumira/bus';
import { claimDue, createDueWorker, findDueIds, settleClaim, type Collection, type DueWorker } from '@lumira/store';
import type { Logger } from 'pino';
import type { OrderMetrics } from './order-metrics.js';
import { awaitingPayment } from './order-state.js';
import type { OrderDoc } from './order.js';
import { nextCheckDelayMs, type PaymentCheckDoc } from './payment-checks.js';
import type { ApplyPaymentFact } from './payment-facts.js';

export interface SweepSettings {
  /** First check this long after the PaymentIntent was made; then doubling. */
  afterMs: number;
  /** At most this many Stripe reads a second, whatever the backlog. */
  perSecond: number;
  /** An order still unpaid this long after its PaymentIntent is no longer checked. */
  giveUpMs: number;
  pollMs: number;
}

export interface SweepDeps {
  checks: Collection<PaymentCheckDoc>;
  orders: Collection<OrderDoc>;
  bus: Bus;
  apply: ApplyPaymentFact;
  metrics: OrderMetrics;
  log: Logger;
}

const leaseMs = 60_000;

/**
 * The reconciliation sweep: orders still waiting for their payment some minutes after checkout are read back
 * from Stripe through the same path as a webhook, so a webhook that never arrives does not leave an order
 * pending for ever. The schedule is in the store (resumable across restarts and replicas, leases fenced) and
 * the reads are spaced to `perSecond`.
 */
export function pendingOrderSweep(deps: SweepDeps, settings: SweepSettings): DueWorker<PaymentCheckDoc> {
  const { checks, orders, bus, apply, metrics, log } = deps;
  let nextSlot = 0;
  const spaced = async () => {
    const now = Date.now();
    const wait = nextSlot - now;
    nextSlot = Math.max(now, nextSlot) + 1000 / settings.perSecond;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
  const done = async (check: PaymentCheckDoc, outcome: string) => {
    metrics.sweepChecks.inc({ outcome });
    await settleClaim(checks, check, { $unset: { dueAt: '' }, $set: { doneAt: new Date() } });
  };
  const later = async (check: PaymentCheckDoc, outcome: string) => {
    metrics.sweepChecks.inc({ outcome });
    await settleClaim(checks, check, { $set: { dueAt: Date.now() + nextCheckDelayMs(settings.afterMs, check.attempts) } });
  };

  async function handle(check: PaymentCheckDoc): Promise<void> {
    const order = await orders.findOne({ _id: check._id });
    if (!order?.paymentIntentId || !awaitingPayment(order.status)) return await done(check, 'settled');
    await spaced();
    const correlationId = `sweep:${check._id}:${check.attempts}`;
    try {
      const { facts } = await bus.request('rpc.payment.sync', { paymentIntentId: order.paymentIntentId }, { correlationId, timeoutMs: 20_000 });
      for (const fact of facts) await apply(fact, correlationId);
    } catch (err) {
      log.warn({ err, orderId: check._id }, 'sweep could not read the PaymentIntent: tried again later');
      return await later(check, 'error');
    }
    const after = await orders.findOne({ _id: check._id });
    if (!after || !awaitingPayment(after.status)) return await done(check, 'resolved');
    if (Date.now() - check.createdAt.getTime() > settings.giveUpMs) return await done(check, 'gave_up');
    await later(check, 'still_pending');
  }

  return createDueWorker<PaymentCheckDoc>({
    claim: async (id) => await claimDue(checks, leaseMs, id),
    findDue: async (limit) => await findDueIds(checks, limit),
    handle,
    pollMs: settings.pollMs,
    leaseMs,
    concurrency: 1,
    onPassError: (err) => log.error({ err }, 'payment sweep pass failed'),
  });
}
