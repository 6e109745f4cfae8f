import type { Bus, Subscription } from '@lumira/bus';
import type { EventData } from '@lumira/contracts';
import type { Logger } from 'pino';
import type { FulfilmentMetrics } from './metrics.js';
import type { MoneyEvent } from './reading-money.js';
import type { ReadingLifecycle } from './reading-lifecycle.js';

/** The metric's word for a move money made. */
const moneyMoves = { suspended: 'suspended', revoked: 'revoked' } as const;

/**
 * What the order side tells fulfilment. Each handler is idempotent by construction (a unique order id,
 * per-refund and per-dispute marks that only move forward, conditional writes), so a redelivered or
 * reordered event changes nothing it should not.
 */
export async function consumeOrderEvents(bus: Bus, lifecycle: ReadingLifecycle, metrics: FulfilmentMetrics): Promise<Subscription> {
  async function money(event: MoneyEvent, log: Logger) {
    const move = await lifecycle.applyMoney(event);
    if (!move || move.from === move.to) return;
    const name = move.to === 'suspended' || move.to === 'revoked' ? moneyMoves[move.to] : 'reinstated';
    metrics.readings.inc({ event: name });
    log.info({ orderId: event.data.orderId, from: move.from, to: move.to, after: event.type }, `reading ${name}`);
  }
  const on =
    <T extends MoneyEvent['type']>(type: T) =>
    async (data: EventData<T>, ctx: { log: Logger }) =>
      await money({ type, data } as MoneyEvent, ctx.log);

  return await bus.subscribe({
    durable: 'fulfilment',
    handlers: {
      'order.completed': async (order, ctx) => {
        if (!(await lifecycle.createFromOrder(order))) return;
        metrics.readings.inc({ event: 'created' });
        ctx.log.info({ orderId: order.orderId, level: order.level }, 'reading queued');
      },
      'order.refunded': on('order.refunded'),
      'order.refund_failed': on('order.refund_failed'),
      'order.disputed': on('order.disputed'),
      'order.dispute_closed': on('order.dispute_closed'),
      'user.updated': async (user) => {
        if (user.changed.includes('email')) await lifecycle.changeEmail(user.userId, user.email);
      },
    },
  });
}
