import type { Envelope } from '@lumira/contracts';
import type { RpcRequest } from '@lumira/contracts/rpc';
import { createEvent, RpcError, withOutbox, type OutboxRelay } from '@lumira/bus';
import { isDuplicateKeyError, type Collection } from '@lumira/store';
import { factsOf, type OrderDoc } from './order.js';
import { statusesAccepting, targetOf, type OrderEvent } from './order-state.js';

export type PaymentFactInput =
  | { type: 'payment.succeeded'; data: { paymentIntentId: string; orderId: string; amount: number; currency: string } }
  | { type: 'payment.failed'; data: { paymentIntentId: string; orderId: string; failure: { code: string; message: string } } }
  | { type: 'payment.canceled'; data: { paymentIntentId: string; orderId: string; reason: string | null } }
  | { type: 'payment.refunded'; data: { paymentIntentId: string; orderId: string; amountRefunded: number } };

export interface OrderCommands {
  create(request: RpcRequest<'rpc.order.create'>, correlationId: string): Promise<OrderDoc>;
  attachPaymentIntent(orderId: string, paymentIntentId: string): Promise<void>;
  abandon(orderId: string, reason: string, correlationId: string): Promise<void>;
  /** The single idempotent path for payment facts, from the bus or from an order read. */
  applyPaymentFact(fact: PaymentFactInput, correlationId: string): Promise<OrderDoc | null>;
}

/** Every event id is derived from the order and the transition, so a re-publication is recognisable. */
const eventId = (type: string, orderId: string) => `${type}:${orderId}`;

export function orderCommands(orders: Collection<OrderDoc>, relay: OutboxRelay): OrderCommands {
  /** `current` is only used to describe the order in its events; the conditional filter decides. */
  async function transition(current: OrderDoc | null, event: OrderEvent, set: Partial<OrderDoc>, envelopes: (o: OrderDoc) => Envelope[]): Promise<OrderDoc | null> {
    if (!current) return null;
    const orderId = current._id;
    const next = { ...current, ...set, status: targetOf(event) } as OrderDoc;
    const updated = await orders.findOneAndUpdate(
      { _id: orderId, status: { $in: statusesAccepting(event) } },
      withOutbox({ $set: { ...set, status: targetOf(event), updatedAt: new Date() } }, envelopes(next)),
    );
    relay.flushInBackground(updated);
    return updated;
  }

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
      };
      const facts = factsOf(doc);
      doc.outbox = [createEvent('order.created', { ...facts, status: doc.status as 'pending' | 'completed', createdAt: now.toISOString() }, { id: eventId('order.created', doc._id), correlationId })];
      if (req.free) doc.outbox.push(createEvent('order.completed', { ...facts, completedAt: now.toISOString() }, { id: eventId('order.completed', doc._id), correlationId }));
      doc.outboxPendingSince = Date.now();
      try {
        await orders.insertOne(doc);
        relay.flushInBackground(doc);
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
      const r = await orders.updateOne({ _id: orderId, paymentIntentId: null }, { $set: { paymentIntentId, updatedAt: new Date() } });
      if (r.matched === 1) return;
      const order = await orders.findOne({ _id: orderId });
      if (order?.paymentIntentId !== paymentIntentId) throw new RpcError('ORDER_CONFLICT', 'The order already has another PaymentIntent', 409);
    },

    async abandon(orderId, reason, correlationId) {
      const now = new Date();
      await transition(await orders.findOne({ _id: orderId }), 'canceled', { closedAt: now, closeReason: reason }, (o) => [
        createEvent('order.canceled', { ...factsOf(o), reason, canceledAt: now.toISOString() }, { id: eventId('order.canceled', orderId), correlationId }),
      ]);
    },

    async applyPaymentFact(fact, correlationId) {
      const { orderId } = fact.data;
      const order = await orders.findOne({ _id: orderId });
      if (!order) throw new Error(`payment fact for unknown order ${orderId}`);
      if (order.paymentIntentId && order.paymentIntentId !== fact.data.paymentIntentId) {
        throw new Error(`payment fact for ${orderId} names another PaymentIntent`);
      }
      const now = new Date();
      const iso = now.toISOString();
      const opts = (type: string) => ({ id: eventId(type, orderId), correlationId });
      switch (fact.type) {
        case 'payment.succeeded': {
          if (fact.data.amount !== order.amount || fact.data.currency !== order.currency) {
            throw new Error(`amount mismatch for ${orderId}: paid ${fact.data.amount} ${fact.data.currency}, due ${order.amount} ${order.currency}`);
          }
          const access = { level: order.level, status: 'active' as const, grantedAt: now, revokedAt: null };
          return await transition(order, 'succeeded', { completedAt: now, access, failure: null, paymentIntentId: fact.data.paymentIntentId }, (o) => [
            createEvent('order.completed', { ...factsOf(o), completedAt: iso }, opts('order.completed')),
          ]);
        }
        case 'payment.failed':
          return await transition(order, 'failed', { failure: fact.data.failure }, (o) => [
            createEvent('order.failed', { ...factsOf(o), failure: fact.data.failure, failedAt: iso }, opts('order.failed')),
          ]);
        case 'payment.canceled':
          return await transition(order, 'canceled', { closedAt: now, closeReason: fact.data.reason ?? 'canceled' }, (o) => [
            createEvent('order.canceled', { ...factsOf(o), reason: fact.data.reason, canceledAt: iso }, opts('order.canceled')),
          ]);
        case 'payment.refunded': {
          const access = order.access ? { ...order.access, status: 'revoked' as const, revokedAt: now } : null;
          return await transition(order, 'refunded', { closedAt: now, closeReason: 'refunded', access }, (o) => [
            createEvent('order.refunded', { ...factsOf(o), amountRefunded: fact.data.amountRefunded, refundedAt: iso }, opts('order.refunded')),
          ]);
        }
      }
    },
  };
}
