import type { Bus, Subscription } from '@lumira/bus';
import type { FulfilmentMetrics } from './metrics.js';
import type { ReadingLifecycle } from './reading-lifecycle.js';
import { isFullRefund } from './refund.js';

/**
 * What the order side tells fulfilment. Each handler is idempotent by construction (a unique order id,
 * conditional transitions), so a redelivered event changes nothing.
 *
 * Disputes plug in here as one line each once the payment side publishes them, e.g.
 * `'order.dispute.opened': (d) => lifecycle.suspend(d.orderId)`, `…won: lifecycle.reinstate(d.orderId)`,
 * `…lost: lifecycle.revoke(d, 'dispute_lost')`.
 */
export async function consumeOrderEvents(bus: Bus, lifecycle: ReadingLifecycle, metrics: FulfilmentMetrics): Promise<Subscription> {
  return await bus.subscribe({
    durable: 'fulfilment',
    handlers: {
      'order.completed': async (order, ctx) => {
        if (!(await lifecycle.createFromOrder(order))) return;
        metrics.readings.inc({ event: 'created' });
        ctx.log.info({ orderId: order.orderId, level: order.level }, 'reading queued');
      },
      'order.refunded': async (refund, ctx) => {
        if (!isFullRefund(refund)) return;
        if (!(await lifecycle.revoke(refund, 'refunded'))) return;
        metrics.readings.inc({ event: 'revoked' });
        ctx.log.info({ orderId: refund.orderId }, 'reading revoked: order fully refunded');
      },
      'user.updated': async (user) => {
        if (user.changed.includes('email')) await lifecycle.changeEmail(user.userId, user.email);
      },
    },
  });
}
