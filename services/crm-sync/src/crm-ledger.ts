import type { EventData } from '@lumira/contracts';
import type { Collection } from '@lumira/store';
import { chargebackRef, creditNoteRef } from './crm-job.js';

/**
 * Money returned as the ledger keeps it, by the ref of its credit note: a refund (`event`) or a lost
 * dispute (`dispute`), with what the note must carry. `failedAt`: the refund failed at the bank (it may be
 * known before the refund itself, as events come in any order; then it holds only `ref` and `failedAt`).
 */
export interface LedgerRefund {
  ref: string;
  amount?: number;
  refundedAt?: string;
  event?: EventData<'order.refunded'>;
  dispute?: EventData<'order.dispute_closed'>;
  failedAt?: string;
}

/**
 * What must be in Dolibarr for one order, kept apart from the jobs (which expire once done) so that the
 * audit can compare months of sales: the completed order (when it is to be invoiced) and its refunds, each
 * with the event it came from, so that a repair can rebuild a job that has since expired. Kept
 * CRM_LEDGER_RETENTION_DAYS after completion (a TTL on `completedAt`).
 */
export interface LedgerOrderDoc {
  _id: string;
  userId: string;
  /** Set when the order completed; a refund can be recorded before it (events come in any order). */
  completedAt?: Date;
  /** The order is expected in Dolibarr: paid, or free with DOLIBARR_INVOICE_FREE_ORDERS. */
  invoiced?: boolean;
  order?: EventData<'order.completed'>;
  /** By credit note ref_ext. */
  refunds?: Record<string, LedgerRefund>;
}

const field = (ref: string) => ref.replace(/[.$]/g, '_');

/** Field by field, so a refund and its failure, arriving in either order, never overwrite each other. */
const entryFields = (ref: string, entry: LedgerRefund) => Object.fromEntries(Object.entries(entry).map(([k, v]) => [`refunds.${field(ref)}.${k}`, v]));

export function crmLedger(ledger: Collection<LedgerOrderDoc>) {
  return {
    async completed(order: EventData<'order.completed'>, invoiced: boolean): Promise<void> {
      await ledger.updateOne(
        { _id: order.orderId },
        { $set: { userId: order.userId, completedAt: new Date(order.completedAt), invoiced, order } },
        { upsert: true },
      );
    },
    async refunded(refund: EventData<'order.refunded'>): Promise<void> {
      const ref = creditNoteRef(refund);
      await ledger.updateOne(
        { _id: refund.orderId },
        { $set: { userId: refund.userId, ...entryFields(ref, { ref, amount: refund.amountRefunded, refundedAt: refund.refundedAt, event: refund }) } },
        { upsert: true },
      );
    },
    async refundFailed(failure: EventData<'order.refund_failed'>): Promise<void> {
      const ref = creditNoteRef(failure);
      await ledger.updateOne(
        { _id: failure.orderId },
        { $set: { userId: failure.userId, ...entryFields(ref, { ref, failedAt: failure.failedAt }) } },
        { upsert: true },
      );
    },
    async chargedBack(dispute: EventData<'order.dispute_closed'>): Promise<void> {
      const ref = chargebackRef(dispute);
      await ledger.updateOne(
        { _id: dispute.orderId },
        { $set: { userId: dispute.userId, ...entryFields(ref, { ref, amount: dispute.amountDisputed, refundedAt: dispute.closedAt, dispute }) } },
        { upsert: true },
      );
    },
    /** Orders completed in [from, to), oldest first. */
    between: async (from: Date, to: Date, limit: number) => await ledger.find({ completedAt: { $gte: from, $lt: to } }, { sort: { completedAt: 1 }, limit }),
    byIds: async (ids: string[]) => await ledger.find({ _id: { $in: ids } }),
  };
}
export type CrmLedger = ReturnType<typeof crmLedger>;
