import type { EventData } from '@lumira/contracts/events';

export type RefundStatus = EventData<'payment.refund_updated'>['refund']['status'];
export type AccessStatus = 'active' | 'suspended' | 'revoked';

/** Each refund and dispute of an order's payment as last reported by Stripe, keyed by Stripe's id. */
export interface RefundEntry {
  id: string;
  amount: number;
  status: RefundStatus;
  failureReason: string | null;
  updatedAt: Date;
}

export interface DisputeEntry {
  id: string;
  amount: number;
  status: string;
  reason: string;
  updatedAt: Date;
}

/** A refund only moves forward: pending → succeeded → failed, or to failed/canceled from pending. */
const refundRank: Record<RefundStatus, number> = { pending: 0, succeeded: 1, failed: 2, canceled: 2 };

/** Money counted as sent back: a pending refund is on its way, a failed or canceled one never left. */
export const refundCounts = (status: RefundStatus): boolean => status === 'pending' || status === 'succeeded';

const closedDisputes = new Set(['won', 'lost', 'warning_closed', 'prevented', 'charge_refunded']);
export const disputeOpen = (status: string): boolean => !closedDisputes.has(status);

export type RefundChange = 'refunded' | 'refund_failed' | null;

/**
 * A refund's new state applied to the list. `changed` says whether anything is to be written; `change` which
 * event it means: a refund first seen counting is `refunded`, a counted one that failed is `refund_failed`. A
 * stale report (an older status arriving late, a repeat) changes nothing, so shuffled facts give one effect.
 */
export function applyRefund(
  refunds: RefundEntry[],
  incoming: Omit<RefundEntry, 'updatedAt'>,
  now: Date,
): { refunds: RefundEntry[]; changed: boolean; change: RefundChange } {
  const existing = refunds.find((r) => r.id === incoming.id);
  if (!existing) {
    return { refunds: [...refunds, { ...incoming, updatedAt: now }], changed: true, change: refundCounts(incoming.status) ? 'refunded' : null };
  }
  if (refundRank[incoming.status] <= refundRank[existing.status]) return { refunds, changed: false, change: null };
  const updated = refunds.map((r) => (r.id === incoming.id ? { ...incoming, updatedAt: now } : r));
  const change = refundCounts(existing.status) && !refundCounts(incoming.status) ? 'refund_failed' : null;
  return { refunds: updated, changed: true, change };
}

export type DisputeChange = 'disputed' | 'dispute_closed' | null;

/** Likewise for disputes: open (any status) → closed, and a closed dispute stays closed. */
export function applyDispute(
  disputes: DisputeEntry[],
  incoming: Omit<DisputeEntry, 'updatedAt'>,
  now: Date,
): { disputes: DisputeEntry[]; changed: boolean; change: DisputeChange } {
  const existing = disputes.find((d) => d.id === incoming.id);
  if (!existing) {
    return { disputes: [...disputes, { ...incoming, updatedAt: now }], changed: true, change: disputeOpen(incoming.status) ? 'disputed' : 'dispute_closed' };
  }
  if (!disputeOpen(existing.status) || existing.status === incoming.status) return { disputes, changed: false, change: null };
  const updated = disputes.map((d) => (d.id === incoming.id ? { ...incoming, updatedAt: now } : d));
  return { disputes: updated, changed: true, change: disputeOpen(incoming.status) ? null : 'dispute_closed' };
}

export interface Settlement {
  /** Refunds counted (pending or succeeded). */
  amountRefunded: number;
  /** Disputes lost: money the bank took back. */
  amountChargedBack: number;
  /** All of the payment went back: the order counts as refunded. */
  fullyReturned: boolean;
  access: AccessStatus;
}

/** Where a paid order stands given its refunds and disputes: a partial refund keeps access, an open dispute suspends it. */
export function settle(amount: number, refunds: RefundEntry[], disputes: DisputeEntry[]): Settlement {
  const amountRefunded = refunds.filter((r) => refundCounts(r.status)).reduce((sum, r) => sum + r.amount, 0);
  const amountChargedBack = disputes.filter((d) => d.status === 'lost').reduce((sum, d) => sum + d.amount, 0);
  const fullyReturned = amountRefunded + amountChargedBack >= amount;
  const access: AccessStatus = fullyReturned ? 'revoked' : disputes.some((d) => disputeOpen(d.status)) ? 'suspended' : 'active';
  return { amountRefunded, amountChargedBack, fullyReturned, access };
}
