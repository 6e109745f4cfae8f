import { RpcError, type Bus } from '@lumira/bus';
import {
  adminOrderSchema,
  adminRefundBodySchema,
  adminRefundReplySchema,
  errorBodySchema,
  orderParamsSchema,
  requiredIdempotencyKeySchema,
} from '@lumira/contracts/http';
import { BadGatewayError, ConflictError, exposed, NotFoundError, requireAdmin } from '@lumira/http';
import type { Collection } from '@lumira/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { toAdminView, type OrderDoc } from '../order.js';
import type { ApplyPaymentFact } from '../payment-facts.js';

export interface AdminOrderActionsOptions {
  orders: Collection<OrderDoc>;
  bus: Bus;
  apply: ApplyPaymentFact;
  adminApiKey: string | undefined;
}

/** A failure of the payment service or of Stripe, told to the operator rather than hidden as a 500. */
function providerError(err: unknown): never {
  if (err instanceof RpcError && err.status >= 500) throw exposed(new BadGatewayError(err.message));
  throw err;
}

/**
 * Operators' actions on one order. Both go through Stripe: a refund is asked of Stripe and the order changes
 * when Stripe reports it (webhook, sweep or a sync), exactly as for a refund made in Stripe's dashboard; a sync
 * reads the payment, its refunds and disputes back now, through the same path as a webhook. Stripe's refusals
 * (more than is left, refunded already, under dispute) come back as 400 or 409 with Stripe's words.
 */
export const adminOrderActionRoutes: FastifyPluginAsyncZod<AdminOrderActionsOptions> = async (app, { orders, bus, apply, adminApiKey }) => {
  const find = async (id: string) => {
    const order = await orders.findOne({ _id: id });
    if (!order) throw new NotFoundError('Order');
    return order;
  };

  app.post(
    '/api/admin/orders/:id/refund',
    {
      preHandler: requireAdmin(adminApiKey),
      schema: {
        tags: ['admin'],
        operationId: 'refundOrder',
        summary: 'Refund an order',
        description: 'Refund an order through Stripe, in full or in part (Idempotency-Key required; the order changes when Stripe reports the refund)',
        security: [{ adminKey: [] }],
        params: orderParamsSchema,
        headers: requiredIdempotencyKeySchema,
        body: adminRefundBodySchema,
        response: {
          202: adminRefundReplySchema,
          400: errorBodySchema,
          401: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
          422: errorBodySchema,
          502: errorBodySchema,
          503: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const order = await find(request.params.id);
      if (!order.paymentIntentId || (order.status !== 'completed' && order.status !== 'refunded')) {
        throw new ConflictError(`Order ${order._id} is ${order.status}${order.free ? ' (free)' : ''}: only a paid order can be refunded`);
      }
      // What is left, and whether a dispute blocks it, is Stripe's to say: the order may not know yet of a refund
      // made elsewhere or one that failed, and a retried request must get its first answer back, not a refusal.
      const refund = await bus
        .request(
          'rpc.payment.refund',
          { orderId: order._id, paymentIntentId: order.paymentIntentId, idempotencyKey: request.headers['idempotency-key'], ...request.body },
          { correlationId: String(request.id), timeoutMs: 30_000 },
        )
        .catch(providerError);
      return await reply.code(202).send({ orderId: order._id, ...refund });
    },
  );

  app.post(
    '/api/admin/orders/:id/sync',
    {
      preHandler: requireAdmin(adminApiKey),
      schema: {
        tags: ['admin'],
        operationId: 'syncOrder',
        summary: 'Sync an order with Stripe',
        description: "Read an order's payment, refunds and disputes back from Stripe now, and apply what changed",
        security: [{ adminKey: [] }],
        params: orderParamsSchema,
        response: { 200: adminOrderSchema, 401: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 502: errorBodySchema, 503: errorBodySchema },
      },
    },
    async (request) => {
      const order = await find(request.params.id);
      if (!order.paymentIntentId)
        throw new ConflictError(`Order ${order._id} has no PaymentIntent${order.free ? ' (free)' : ''}: there is nothing to read from Stripe`);
      const correlationId = String(request.id);
      const { facts } = await bus
        .request('rpc.payment.sync', { paymentIntentId: order.paymentIntentId, full: true }, { correlationId, timeoutMs: 30_000 })
        .catch(providerError);
      for (const fact of facts) await apply(fact, correlationId);
      return toAdminView((await orders.findOne({ _id: order._id })) ?? order);
    },
  );
};
