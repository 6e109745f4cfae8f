import type { Bus, Subscription } from '@lumira/bus';
import type { OrderCommands } from './order-commands.js';
import type { ApplyPaymentFact } from './payment-facts.js';
import type { OrderTokens } from './order-token.js';
import { toView } from './order.js';

export async function serveOrderRpc(bus: Bus, commands: OrderCommands, tokens: OrderTokens): Promise<Subscription[]> {
  return await Promise.all([
    bus.serve('rpc.order.create', async (req, ctx) => {
      const order = await commands.create(req, ctx.correlationId);
      return { order: toView(order), orderToken: tokens.issue(order._id), paymentIntentId: order.paymentIntentId };
    }),
    bus.serve('rpc.order.attach-payment-intent', async (req) => {
      await commands.attachPaymentIntent(req.orderId, req.paymentIntentId);
      return { ok: true as const };
    }),
    bus.serve('rpc.order.abandon', async (req, ctx) => {
      await commands.abandon(req.orderId, req.reason, ctx.correlationId);
      return { ok: true as const };
    }),
  ]);
}

/** Payment facts from the payment service, at least once and in any order. */
export async function consumePaymentFacts(bus: Bus, apply: ApplyPaymentFact): Promise<Subscription> {
  return await bus.subscribe({
    durable: 'order-payments',
    handlers: {
      'payment.succeeded': async (data, ctx) => void (await apply({ type: 'payment.succeeded', data }, ctx.correlationId)),
      'payment.failed': async (data, ctx) => void (await apply({ type: 'payment.failed', data }, ctx.correlationId)),
      'payment.canceled': async (data, ctx) => void (await apply({ type: 'payment.canceled', data }, ctx.correlationId)),
      'payment.refund_updated': async (data, ctx) => void (await apply({ type: 'payment.refund_updated', data }, ctx.correlationId)),
      'payment.dispute_updated': async (data, ctx) => void (await apply({ type: 'payment.dispute_updated', data }, ctx.correlationId)),
    },
  });
}
