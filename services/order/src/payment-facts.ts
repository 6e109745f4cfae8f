import type { Envelope } from '@lumira/contracts';
import type { PaymentFact } from '@lumira/contracts/rpc';
import { createEvent, withOutbox, type OutboxRelay } from '@lumira/bus';
import type { Collection } from '@lumira/store';
import type { Logger } from 'pino';
import { applyDispute, applyRefund, settle } from './order-ledger.js';
import type { OrderMetrics } from './order-metrics.js';
import { awaitingPayment } from './order-state.js';
import { orderTransition } from './order-transition.js';
import { atRevision, factsOf, type OrderDoc } from './order.js';

/** Every event id is derived from what it is about, so a re-publication is recognisable. */
const eventId = (type: string, subjectId: string) => `${type}:${subjectId}`;

type LedgerFact = Extract<PaymentFact, { type: 'payment.refund_updated' | 'payment.dispute_updated' }>;

/**
 * The single idempotent path for payment facts, from the bus, an order read, the sweep or an admin sync. A
 * fact for an order this service does not have, or for another PaymentIntent than the order's, is someone
 * else's (a test account shared between environments, `stripe listen`): counted and ignored, never retried.
 */
export function paymentFactApplier(orders: Collection<OrderDoc>, relay: OutboxRelay, metrics: OrderMetrics, log: Logger) {
  const transition = orderTransition(orders, relay, log);
  async function ours(fact: PaymentFact): Promise<OrderDoc | null> {
    const order = await orders.findOne({ _id: fact.data.orderId });
    const reason = !order ? 'unknown_order' : order.paymentIntentId && order.paymentIntentId !== fact.data.paymentIntentId ? 'other_payment_intent' : null;
    if (!reason) return order;
    metrics.foreignFacts.inc({ reason });
    log.info({ orderId: fact.data.orderId, paymentIntentId: fact.data.paymentIntentId, reason, fact: fact.type }, 'payment fact for no order of ours: ignored');
    return null;
  }

  function assertPaid(order: OrderDoc, amount: number, currency: string) {
    if (amount !== order.amount || currency !== order.currency) {
      throw new Error(`amount mismatch for ${order._id}: paid ${amount} ${currency}, due ${order.amount} ${order.currency}`);
    }
  }

  /** What a paid order becomes when its payment's success is learnt (also through a late refund or dispute). */
  const completion = (order: OrderDoc, paymentIntentId: string, now: Date): Partial<OrderDoc> => ({
    completedAt: now,
    access: { level: order.level, status: 'active', grantedAt: now, revokedAt: null },
    failure: null,
    paymentIntentId,
  });

  /** One refund or dispute change, computed on the order as read and written only if no one changed it meanwhile. */
  async function applyLedger(fact: LedgerFact, correlationId: string): Promise<OrderDoc | null> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const order = await ours(fact);
      if (!order) return null;
      if (order.status === 'canceled') {
        log.warn({ orderId: order._id, fact: fact.type }, 'refund or dispute reported for a canceled order: ignored');
        return order;
      }
      const now = new Date();
      const iso = now.toISOString();
      const envelopes: Envelope[] = [];
      let base = order;
      if (awaitingPayment(order.status)) {
        // The payment went through even if its own success signal is late: complete first, as the success would.
        assertPaid(order, fact.data.payment.amount, fact.data.payment.currency);
        base = { ...order, ...completion(order, fact.data.paymentIntentId, now), status: 'completed' };
        envelopes.push(createEvent('order.completed', { ...factsOf(base), completedAt: iso }, { id: eventId('order.completed', order._id), correlationId }));
      }
      const refunds = base.refunds ?? [];
      const disputes = base.disputes ?? [];
      const r = fact.type === 'payment.refund_updated' ? applyRefund(refunds, fact.data.refund, now) : { refunds, changed: false, change: null };
      const d = fact.type === 'payment.dispute_updated' ? applyDispute(disputes, fact.data.dispute, now) : { disputes, changed: false, change: null };
      if (!r.changed && !d.changed && envelopes.length === 0) return order;

      const s = settle(base.amount, r.refunds, d.disputes);
      const access = base.access ? { ...base.access, status: s.access, revokedAt: s.access === 'revoked' ? (base.access.revokedAt ?? now) : null } : null;
      const set: Partial<OrderDoc> = {
        ...(base === order ? {} : completion(order, fact.data.paymentIntentId, now)),
        refunds: r.refunds,
        disputes: d.disputes,
        amountRefunded: s.amountRefunded,
        status: s.fullyReturned ? 'refunded' : 'completed',
        access,
        closedAt: s.fullyReturned ? (base.closedAt ?? now) : null,
        closeReason: s.fullyReturned ? (s.amountChargedBack > 0 ? 'charged_back' : 'refunded') : null,
        updatedAt: now,
      };
      const next = { ...base, ...set } as OrderDoc;
      const facts = factsOf(next);
      const accessStatus = s.access;
      if (r.change && fact.type === 'payment.refund_updated') {
        const { id, amount, failureReason } = fact.data.refund;
        envelopes.push(
          r.change === 'refunded'
            ? createEvent(
                'order.refunded',
                { ...facts, refundId: id, amountRefunded: amount, totalRefunded: s.amountRefunded, full: s.fullyReturned, accessStatus, refundedAt: iso },
                { id: eventId('order.refunded', id), correlationId },
              )
            : createEvent(
                'order.refund_failed',
                { ...facts, refundId: id, amountFailed: amount, totalRefunded: s.amountRefunded, reason: failureReason, accessStatus, failedAt: iso },
                { id: eventId('order.refund_failed', id), correlationId },
              ),
        );
      }
      if (d.change && fact.type === 'payment.dispute_updated') {
        const { id, amount, status, reason } = fact.data.dispute;
        envelopes.push(
          d.change === 'disputed'
            ? createEvent(
                'order.disputed',
                { ...facts, disputeId: id, amountDisputed: amount, reason, status, accessStatus, disputedAt: iso },
                { id: eventId('order.disputed', id), correlationId },
              )
            : createEvent(
                'order.dispute_closed',
                { ...facts, disputeId: id, amountDisputed: amount, outcome: status === 'lost' ? 'lost' : 'won', status, accessStatus, closedAt: iso },
                { id: eventId('order.dispute_closed', id), correlationId },
              ),
        );
      }
      const updated = await orders.findOneAndUpdate(atRevision(order), withOutbox({ $set: set, $inc: { revision: 1 } }, envelopes));
      if (updated) {
        relay.flushInBackground(updated);
        return updated;
      }
    }
    throw new Error(`order ${fact.data.orderId} kept changing while a ${fact.type} was applied: left for a retry`);
  }

  return async function applyPaymentFact(fact: PaymentFact, correlationId: string): Promise<OrderDoc | null> {
    if (fact.type === 'payment.refund_updated' || fact.type === 'payment.dispute_updated') return await applyLedger(fact, correlationId);
    const order = await ours(fact);
    if (!order) return null;
    const now = new Date();
    const iso = now.toISOString();
    const orderId = order._id;
    const opts = (type: string) => ({ id: eventId(type, orderId), correlationId });
    switch (fact.type) {
      case 'payment.succeeded':
        assertPaid(order, fact.data.amount, fact.data.currency);
        return await transition(order, 'succeeded', completion(order, fact.data.paymentIntentId, now), (o) => [
          createEvent('order.completed', { ...factsOf(o), completedAt: iso }, opts('order.completed')),
        ]);
      case 'payment.failed':
        return await transition(order, 'failed', { failure: fact.data.failure }, (o) => [
          createEvent('order.failed', { ...factsOf(o), failure: fact.data.failure, failedAt: iso }, opts('order.failed')),
        ]);
      case 'payment.canceled':
        return await transition(order, 'canceled', { closedAt: now, closeReason: fact.data.reason ?? 'canceled' }, (o) => [
          createEvent('order.canceled', { ...factsOf(o), reason: fact.data.reason, canceledAt: iso }, opts('order.canceled')),
        ]);
    }
  };
}

export type ApplyPaymentFact = ReturnType<typeof paymentFactApplier>;
