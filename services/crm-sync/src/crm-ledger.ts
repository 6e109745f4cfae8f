import type { EventData } from '@lumira/contracts';
import type { Collection } from '@lumira/store';
import { creditNoteRef } from './crm-job.js';

/** A refund as the ledger keeps it: what its credit note must carry. */
export interface LedgerRefund {
  ref: string;
  amount: number;
  refundedAt: string;
  event: EventData<'order.refunded'>;
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
      const entry: LedgerRefund = { ref, amount: refund.amountRefunded, refundedAt: refund.refundedAt, event: refund };
      await ledger.updateOne({ _id: refund.orderId }, { $set: { userId: refund.userId, [`refunds.${field(ref)}`]: entry } }, { upsert: true });
    },
    /** Orders completed in [from, to), oldest first. */
    between: async (from: Date, to: Date, limit: number) =>
      await ledger.find({ completedAt: { $gte: from, $lt: to } }, { sort: { completedAt: 1 }, limit }),
    byIds: async (ids: string[]) => await ledger.find({ _id: { $in: ids } }),
  };
}
export type CrmLedger = ReturnType<typeof crmLedger>;
