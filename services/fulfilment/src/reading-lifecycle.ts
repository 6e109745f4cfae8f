import type { EventData } from '@lumira/contracts';
import type { Deliverables } from '@lumira/contracts/catalog';
import type { ReadingStatus } from '@lumira/contracts/fulfilment';
import { insertIfAbsent, type Collection } from '@lumira/store';
import type { Logger } from 'pino';
import type { LevelCatalog } from './catalog-deliverables.js';
import { queueKeyOf, type ReadingDoc } from './reading.js';
import { newReadingId } from './reading-ids.js';
import { markMoney, noMoneyEvents, standingOf, workStatusOf, type MoneyEvent, type ReadingMoney } from './reading-money.js';

type OrderFacts = EventData<'order.completed'>;
type OrderFactsOnly = Omit<OrderFacts, 'completedAt'>;

/** A product the catalog no longer knows still gets its reading: a PDF, the one thing every level has. */
const fallbackDeliverables: Deliverables = { pdf: { minPages: 1, maxPages: 500 } };

/** The side of a reading that follows the order and its money: created once, suspended, reinstated, revoked. */
export interface ReadingLifecycle {
  /** False when the order already has its reading (a redelivered event). */
  createFromOrder(order: OrderFacts): Promise<boolean>;
  /**
   * A refund, a failed refund, a dispute opened or closed: the reading is suspended (dispute open),
   * revoked (the whole price went back) or put back where the work stood. Answers the move it made, or
   * null when the event changed nothing (a repeat, a stale report).
   */
  applyMoney(event: MoneyEvent): Promise<{ from: ReadingStatus | null; to: ReadingStatus } | null>;
  changeEmail(userId: string, email: string): Promise<number>;
}

export function readingLifecycle(readings: Collection<ReadingDoc>, catalog: LevelCatalog, log: Logger): ReadingLifecycle {
  function newReading(order: OrderFactsOnly, purchasedAt: Date): ReadingDoc {
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

  /** The reading's status once money stands as it does, keeping where the work was for a way back. */
  function settled(reading: ReadingDoc, money: ReadingMoney, now: Date): Partial<ReadingDoc> {
    const standing = standingOf(reading.amount, money);
    const work = workStatusOf(reading);
    const base = { money, updatedAt: now };
    if (standing.access === 'active') return { ...base, status: work, resumeStatus: null, suspendedAt: null, revokedAt: null, revokedReason: null };
    if (standing.access === 'suspended') {
      return {
        ...base,
        status: 'suspended',
        resumeStatus: work,
        suspendedAt: reading.status === 'suspended' ? reading.suspendedAt : now,
        revokedAt: null,
        revokedReason: null,
      };
    }
    return {
      ...base,
      status: 'revoked',
      resumeStatus: work,
      suspendedAt: null,
      revokedAt: reading.status === 'revoked' ? reading.revokedAt : now,
      revokedReason: standing.reason,
    };
  }

  return {
    async createFromOrder(order) {
      return await insertIfAbsent(readings, newReading(order, new Date(order.completedAt)));
    },

    async applyMoney(event) {
      const order = event.data;
      for (let attempt = 0; attempt < 8; attempt++) {
        const now = new Date();
        const reading = await readings.findOne({ orderId: order.orderId });
        if (!reading) {
          // Money news before the order's creation was handled: the record takes the order's place with
          // the money already on it, so a late order.completed creates nothing.
          const fresh = newReading(order, now);
          const doc: ReadingDoc = { ...fresh, ...settled(fresh, markMoney(noMoneyEvents, event).money, now), moneyRevision: 1 };
          if (await insertIfAbsent(readings, doc)) return { from: null, to: doc.status };
          continue;
        }
        const { money, changed } = markMoney(reading.money ?? noMoneyEvents, event);
        if (!changed) return null;
        const set = settled(reading, money, now);
        const guard = { _id: reading._id, moneyRevision: reading.moneyRevision ?? { $exists: false }, status: reading.status };
        const r = await readings.updateOne(guard, { $set: { ...set, moneyRevision: (reading.moneyRevision ?? 0) + 1 } });
        if (r.matched === 1) return { from: reading.status, to: set.status ?? reading.status };
      }
      throw new Error(`reading of order ${order.orderId} kept changing while ${event.type} was applied: left for a retry`);
    },

    async changeEmail(userId, email) {
      const owned = await readings.find({ userId });
      for (const reading of owned) await readings.updateOne({ _id: reading._id }, { $set: { customerEmail: email.toLowerCase(), updatedAt: new Date() } });
      return owned.length;
    },
  };
}
