import type { Bus } from '@lumira/bus';
import { errorBodySchema, orderParamsSchema, orderViewSchema, type OrderView } from '@lumira/contracts/http';
import { NotFoundError } from '@lumira/http';
import type { Collection } from '@lumira/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { awaitingPayment } from '../order-state.js';
import { bearerToken, type OrderTokens } from '../order-token.js';
import { toView, type OrderDoc } from '../order.js';
import type { ApplyPaymentFact } from '../payment-facts.js';

export interface OrderReadOptions {
  orders: Collection<OrderDoc>;
  apply: ApplyPaymentFact;
  tokens: OrderTokens;
  bus: Bus;
}

/**
 * The customer's view of one order. An order still waiting for its payment is checked against Stripe through
 * the same idempotent path as the webhook, so a customer back from the payment page sees the truth even when
 * the webhook is late; while it waits, the view carries the PaymentIntent's status and the next action
 * (3-D Secure) the frontend must hand to Stripe.js. This read never changes an order any other way.
 */
export const orderReadRoutes: FastifyPluginAsyncZod<OrderReadOptions> = async (app, { orders, apply, tokens, bus }) => {
  app.get(
    '/api/orders/:id',
    {
      schema: {
        tags: ['orders'],
        security: [{ orderToken: [] }],
        operationId: 'getOrder',
        summary: 'Read an order',
        description: 'Read an order with its order token (Authorization: Bearer <orderToken>)',
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
      let payment: OrderView['payment'] = null;
      if (awaitingPayment(order.status) && order.paymentIntentId) {
        try {
          const correlationId = String(request.id);
          const synced = await bus.request('rpc.payment.sync', { paymentIntentId: order.paymentIntentId }, { correlationId, timeoutMs: 5000 });
          for (const fact of synced.facts) await apply(fact, correlationId);
          order = (await orders.findOne({ _id: id })) ?? order;
          if (awaitingPayment(order.status)) payment = synced.intent;
        } catch (err) {
          request.log.warn({ err, orderId: id }, 'could not check the PaymentIntent: answering the stored state');
        }
      }
      return toView(order, payment);
    },
  );
};
