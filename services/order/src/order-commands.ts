import type { RpcRequest } from '@lumira/contracts/rpc';
import { createEvent, RpcError, type OutboxRelay } from '@lumira/bus';
import { isDuplicateKeyError, type Collection } from '@lumira/store';
import type { Logger } from 'pino';
import { factsOf, type OrderDoc } from './order.js';
import { orderTransition } from './order-transition.js';

export interface OrderCommands {
  create(request: RpcRequest<'rpc.order.create'>, correlationId: string): Promise<OrderDoc>;
  attachPaymentIntent(orderId: string, paymentIntentId: string): Promise<void>;
  abandon(orderId: string, reason: string, correlationId: string): Promise<void>;
}

/** Every event id is derived from the order and the transition, so a re-publication is recognisable. */
const eventId = (type: string, orderId: string) => `${type}:${orderId}`;

export function orderCommands(
  orders: Collection<OrderDoc>,
  relay: OutboxRelay,
  onPaymentIntent: (orderId: string, paymentIntentId: string) => Promise<void>,
  log?: Logger,
): OrderCommands {
  const transition = orderTransition(orders, relay, log);

  return {
    async create(req, correlationId) {
      const now = new Date();
      const doc: OrderDoc = {
        _id: req.orderId,
        userId: req.userId,
        customerEmail: req.customerEmail,
        customerName: req.customerName,
        locale: req.locale,
        productId: req.productId,
        level: req.level,
        productName: req.productName,
        amount: req.amount,
        currency: req.currency,
        free: req.free,
        status: req.free ? 'completed' : 'pending',
        paymentIntentId: null,
        failure: null,
        access: req.free ? { level: req.level, status: 'active', grantedAt: now, revokedAt: null } : null,
        createdAt: now,
        updatedAt: now,
        completedAt: req.free ? now : null,
        closedAt: null,
        closeReason: null,
        refunds: [],
        disputes: [],
        amountRefunded: 0,
        revision: 0,
      };
      const facts = factsOf(doc);
      doc.outbox = [
        createEvent(
          'order.created',
          { ...facts, status: doc.status as 'pending' | 'completed', createdAt: now.toISOString() },
          { id: eventId('order.created', doc._id), correlationId },
        ),
      ];
      if (req.free)
        doc.outbox.push(
          createEvent('order.completed', { ...facts, completedAt: now.toISOString() }, { id: eventId('order.completed', doc._id), correlationId }),
        );
      doc.outboxPendingSince = Date.now();
      try {
        await orders.insertOne(doc);
        relay.flushInBackground(doc);
        log?.info({ orderId: doc._id, productId: doc.productId, status: doc.status }, 'order created');
        return doc;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const existing = await orders.findOne({ _id: req.orderId });
      if (!existing || existing.productId !== req.productId || existing.customerEmail !== req.customerEmail) {
        throw new RpcError('ORDER_CONFLICT', 'An order with this id exists for another purchase', 409);
      }
      return existing;
    },

    async attachPaymentIntent(orderId, paymentIntentId) {
      const r = await orders.updateOne({ _id: orderId, paymentIntentId: null }, { $set: { paymentIntentId, updatedAt: new Date() }, $inc: { revision: 1 } });
      if (r.matched !== 1) {
        const order = await orders.findOne({ _id: orderId });
        if (order?.paymentIntentId !== paymentIntentId) throw new RpcError('ORDER_CONFLICT', 'The order already has another PaymentIntent', 409);
      }
      await onPaymentIntent(orderId, paymentIntentId);
    },

    async abandon(orderId, reason, correlationId) {
      const now = new Date();
      const order = await orders.findOne({ _id: orderId });
      if (!order) return;
      await transition(order, 'canceled', { closedAt: now, closeReason: reason }, (o) => [
        createEvent('order.canceled', { ...factsOf(o), reason, canceledAt: now.toISOString() }, { id: eventId('order.canceled', orderId), correlationId }),
      ]);
    },
  };
}
