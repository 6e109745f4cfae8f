import type { EventData } from '@lumira/contracts';
import type { ReadingStatus, RevocationReason } from '@lumira/contracts/fulfilment';

/**
 * What the reading knows of its order's money, one mark per refund and dispute, keyed by Stripe's id. Each
 * mark only moves forward (a refund: counted → failed; a dispute: open → won | lost), so the same events
 * redelivered or shuffled leave the same marks, and the reading's status is computed from all of them,
 * never from the last event that happened to arrive.
 */
export interface RefundMark {
  id: string;
  amount: number;
  failed: boolean;
}
export interface DisputeMark {
  id: string;
  amount: number;
  state: 'open' | 'won' | 'lost';
}
export interface ReadingMoney {
  refunds: RefundMark[];
  disputes: DisputeMark[];
}
export const noMoneyEvents: ReadingMoney = { refunds: [], disputes: [] };

export type MoneyEvent =
  | { type: 'order.refunded'; data: EventData<'order.refunded'> }
  | { type: 'order.refund_failed'; data: EventData<'order.refund_failed'> }
  | { type: 'order.disputed'; data: EventData<'order.disputed'> }
  | { type: 'order.dispute_closed'; data: EventData<'order.dispute_closed'> };

/**
 * An `order.refunded` of the version before refund ids carried the running total in `amountRefunded`: it
 * stands as one refund whose amount only grows.
 */
const legacyRefundId = 'legacy';

const disputeRank = { open: 0, won: 1, lost: 1 } as const;

/** The marks after one event; `changed` is false for a repeat or a stale report. */
export function markMoney(money: ReadingMoney, event: MoneyEvent): { money: ReadingMoney; changed: boolean } {
  const same = { money, changed: false };
  switch (event.type) {
    case 'order.refunded':
    case 'order.refund_failed': {
      const failed = event.type === 'order.refund_failed';
      const id = event.type === 'order.refunded' ? (event.data.refundId ?? legacyRefundId) : event.data.refundId;
      const amount = event.type === 'order.refunded' ? event.data.amountRefunded : event.data.amountFailed;
      const existing = money.refunds.find((r) => r.id === id);
      if (existing && (existing.failed || (!failed && existing.amount >= amount))) return same;
      const mark: RefundMark = { id, amount: Math.max(amount, existing?.amount ?? 0), failed };
      return { money: { ...money, refunds: [...money.refunds.filter((r) => r.id !== id), mark] }, changed: true };
    }
    case 'order.disputed':
    case 'order.dispute_closed': {
      const { disputeId: id, amountDisputed: amount } = event.data;
      const state = event.type === 'order.disputed' ? 'open' : event.data.outcome;
      const existing = money.disputes.find((d) => d.id === id);
      if (existing && disputeRank[existing.state] >= disputeRank[state]) return same;
      return { money: { ...money, disputes: [...money.disputes.filter((d) => d.id !== id), { id, amount, state }] }, changed: true };
    }
  }
}

export type MoneyStanding = { access: 'active' } | { access: 'suspended' } | { access: 'revoked'; reason: RevocationReason };

/**
 * The order's access as the order service settles it: revoked once refunds that did not fail and lost
 * disputes return the whole price (a partial refund is a gesture, not a return), suspended while a dispute
 * is open, active otherwise.
 */
export function standingOf(price: number, money: ReadingMoney): MoneyStanding {
  const refunded = money.refunds.filter((r) => !r.failed).reduce((sum, r) => sum + r.amount, 0);
  const chargedBack = money.disputes.filter((d) => d.state === 'lost').reduce((sum, d) => sum + d.amount, 0);
  const returned = refunded + chargedBack;
  if (returned > 0 && returned >= price) return { access: 'revoked', reason: chargedBack > 0 ? 'dispute_lost' : 'refunded' };
  return money.disputes.some((d) => d.state === 'open') ? { access: 'suspended' } : { access: 'active' };
}

const workStatuses: readonly ReadingStatus[] = ['queued', 'in_progress', 'delivered'];

type WorkFacts = { status: ReadingStatus; resumeStatus: ReadingStatus | null; deliveredAt: Date | null; claimedBy: string | null };

/**
 * Where the expert's work stands, whether or not money holds the reading now. A reading revoked before
 * revocations kept `resumeStatus` says it by its delivery and its claim.
 */
export function workStatusOf(reading: WorkFacts): ReadingStatus {
  if (workStatuses.includes(reading.status)) return reading.status;
  if (reading.resumeStatus) return reading.resumeStatus;
  return reading.deliveredAt ? 'delivered' : reading.claimedBy ? 'in_progress' : 'queued';
}
