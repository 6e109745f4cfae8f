import type { Bus } from '@lumira/bus';
import { errorBodySchema, orderParamsSchema, orderViewSchema } from '@lumira/contracts/http';
import { NotFoundError } from '@lumira/http';
import type { Collection } from '@lumira/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OrderCommands } from '../order-commands.js';
import { bearerToken, type OrderTokens } from '../order-token.js';
import { toView, type OrderDoc } from '../order.js';

export interface OrderReadOptions {
  orders: Collection<OrderDoc>;
  commands: OrderCommands;
  tokens: OrderTokens;
  bus: Bus;
}

/**
 * The customer's view of one order. A pending order is checked against Stripe through the same
 * idempotent path as the webhook, so a customer back from the payment page sees the truth even when
 * the webhook is late; this read never completes an order any other way.
 */
export const orderReadRoutes: FastifyPluginAsyncZod<OrderReadOptions> = async (app, { orders, commands, tokens, bus }) => {
  app.get(
    '/api/orders/:id',
    {
      schema: {
        tags: ['orders'],
        summary: 'Read an order with its order token (Authorization: Bearer <orderToken>)',
        params: orderParamsSchema,
        headers: z.object({ authorization: z.string().max(300).optional() }),
        response: { 200: orderViewSchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      // One answer for "no such order" and "not your order": existence does not leak.
      if (!tokens.verify(id, bearerToken(request.headers.authorization))) throw new NotFoundError('Order');
      let order = await orders.findOne({ _id: id });
      if (!order) throw new NotFoundError('Order');
      if (order.status === 'pending' && order.paymentIntentId) {
        try {
          const { fact } = await bus.request('rpc.payment.sync', { paymentIntentId: order.paymentIntentId }, { correlationId: String(request.id), timeoutMs: 5000 });
          if (fact) order = (await commands.applyPaymentFact(fact, String(request.id))) ?? (await orders.findOne({ _id: id })) ?? order;
        } catch (err) {
          request.log.warn({ err, orderId: id }, 'could not check the PaymentIntent: answering the stored state');
        }
      }
      return toView(order);
    },
  );
};
