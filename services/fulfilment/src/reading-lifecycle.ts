import type { EventData } from '@lumira/contracts';
import type { Deliverables } from '@lumira/contracts/catalog';
import type { RevocationReason } from '@lumira/contracts/fulfilment';
import { insertIfAbsent, type Collection } from '@lumira/store';
import type { Logger } from 'pino';
import type { LevelCatalog } from './catalog-deliverables.js';
import { queueKeyOf, type ReadingDoc } from './reading.js';
import { newReadingId } from './reading-ids.js';
import { statusesAccepting } from './reading-state.js';

type OrderFacts = EventData<'order.completed'>;

/** A product the catalog no longer knows still gets its reading: a PDF, the one thing every level has. */
const fallbackDeliverables: Deliverables = { pdf: { minPages: 1, maxPages: 500 } };

/** The side of a reading that follows the order and its money: created once, suspended, reinstated, revoked. */
export interface ReadingLifecycle {
  /** False when the order already has its reading (a redelivered event). */
  createFromOrder(order: OrderFacts): Promise<boolean>;
  /** False when it was already revoked. */
  revoke(order: Omit<OrderFacts, 'completedAt'>, reason: RevocationReason): Promise<boolean>;
  /** A dispute opened: the reading stops where it is, and its links stop working. */
  suspend(orderId: string): Promise<void>;
  /** The dispute was won: the reading goes back to where it was. */
  reinstate(orderId: string): Promise<void>;
  changeEmail(userId: string, email: string): Promise<number>;
}

export function readingLifecycle(readings: Collection<ReadingDoc>, catalog: LevelCatalog, log: Logger): ReadingLifecycle {
  function newReading(order: Omit<OrderFacts, 'completedAt'>, purchasedAt: Date): ReadingDoc {
    const now = new Date();
    const _id = newReadingId();
    let deliverables = catalog.deliverablesFor(order.productId, order.level);
    if (!deliverables) {
      log.warn({ orderId: order.orderId, productId: order.productId, level: order.level }, 'product unknown to the catalog: its reading promises a PDF');
      deliverables = fallbackDeliverables;
    }
    return {
      _id,
      orderId: order.orderId,
      userId: order.userId,
      customerEmail: order.customerEmail.toLowerCase(),
      customerName: order.customerName,
      locale: order.locale,
      productId: order.productId,
      productName: order.productName,
      level: order.level,
      amount: order.amount,
      currency: order.currency,
      purchasedAt,
      deliverables,
      status: 'queued',
      resumeStatus: null,
      suspendedAt: null,
      claimedBy: null,
      claimedAt: null,
      files: {},
      queueKey: queueKeyOf(purchasedAt, _id),
      createdAt: now,
      updatedAt: now,
      deliveredAt: null,
      revokedAt: null,
      revokedReason: null,
    };
  }

  async function current(orderId: string): Promise<ReadingDoc> {
    const reading = await readings.findOne({ orderId });
    // Events of one order can arrive out of order on redelivery: a retry finds the reading later.
    if (!reading) throw new Error(`no reading yet for order ${orderId}`);
    return reading;
  }

  return {
    async createFromOrder(order) {
      return await insertIfAbsent(readings, newReading(order, new Date(order.completedAt)));
    },

    async revoke(order, reason) {
      const set = { status: 'revoked' as const, revokedAt: new Date(), revokedReason: reason, resumeStatus: null, updatedAt: new Date() };
      for (let attempt = 0; attempt < 3; attempt++) {
        const r = await readings.updateOne({ orderId: order.orderId, status: { $in: statusesAccepting('revoke') } }, { $set: set });
        if (r.matched === 1) return true;
        if (await readings.findOne({ orderId: order.orderId })) return false;
        // Revoked before its creation was handled: the revoked record takes the order's place, so a late
        // order.completed creates nothing.
        if (await insertIfAbsent(readings, { ...newReading(order, new Date()), ...set })) return true;
      }
      return false;
    },

    async suspend(orderId) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const reading = await current(orderId);
        if (!statusesAccepting('suspend').includes(reading.status)) return;
        const now = new Date();
        const r = await readings.updateOne({ _id: reading._id, status: reading.status }, { $set: { status: 'suspended', resumeStatus: reading.status, suspendedAt: now, updatedAt: now } });
        if (r.matched === 1) return;
      }
      throw new Error(`reading of order ${orderId} kept changing while being suspended`);
    },

    async reinstate(orderId) {
      const reading = await current(orderId);
      if (reading.status !== 'suspended') return;
      await readings.updateOne({ _id: reading._id, status: 'suspended' }, { $set: { status: reading.resumeStatus ?? 'queued', resumeStatus: null, suspendedAt: null, updatedAt: new Date() } });
    },

    async changeEmail(userId, email) {
      const owned = await readings.find({ userId });
      for (const reading of owned) await readings.updateOne({ _id: reading._id }, { $set: { customerEmail: email.toLowerCase(), updatedAt: new Date() } });
      return owned.length;
    },
  };
}
