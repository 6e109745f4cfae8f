import { createDueIndex, insertIfAbsent, type Collection, type DueFields } from '@lumira/store';

/**
 * A pending order to read back from Stripe later, in case its webhook never comes. Written when the order gets
 * its PaymentIntent, due some minutes later, then again with a growing delay while the order waits.
 */
export interface PaymentCheckDoc extends DueFields {
  /** The order's id. */
  _id: string;
  paymentIntentId: string;
  createdAt: Date;
  /** Set when no more checks are needed; the document expires a week later. */
  doneAt?: Date;
}

export async function createPaymentCheckIndexes(checks: Collection<PaymentCheckDoc>): Promise<void> {
  await createDueIndex(checks);
  await checks.createIndex('doneAt', { expireAfterSeconds: 7 * 86_400 });
}

export async function schedulePaymentCheck(checks: Collection<PaymentCheckDoc>, orderId: string, paymentIntentId: string, afterMs: number): Promise<void> {
  await insertIfAbsent(checks, { _id: orderId, paymentIntentId, createdAt: new Date(), dueAt: Date.now() + afterMs, lockedUntil: 0, attempts: 0 });
}

/** The next check: the first delay, doubled at each attempt, at most six hours. */
export const nextCheckDelayMs = (afterMs: number, attempts: number): number => Math.min(afterMs * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);

/** Open checks due more than `windowMs` ago: the sweep is behind (a done check has no dueAt, so it never counts). */
export async function countOverdueChecks(checks: Collection<PaymentCheckDoc>, windowMs: number, now = Date.now()): Promise<number> {
  return await checks.countDocuments({ dueAt: { $lte: now - windowMs } });
}
