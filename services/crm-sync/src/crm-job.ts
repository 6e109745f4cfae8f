import type { EventData } from '@lumira/contracts';
import type { DueFields } from '@lumira/store';
import type { PendingCreates } from './create-guard.js';

export interface CustomerFacts {
  userId: string;
  email: string;
  name: string | null;
  phone: string | null;
}

interface JobBase extends DueFields {
  /** `<kind>:<our id>`: one job per external id, so Dolibarr work for it is never done twice at once. */
  _id: string;
  /** Every job touches this customer's thirdparty; work for one customer runs one job at a time. */
  userId: string;
  status: 'pending' | 'done' | 'failed';
  lastError: string | null;
  /** Bumped when newer facts arrive, so a run that started on older facts does not mark the job done. */
  version: number;
  createdAt: Date;
  /** Set when the job is done (the TTL index's field), unset when it is opened again. */
  doneAt?: Date | null;
  /** Creates sent whose answer never came: see create-guard.ts. */
  pendingCreates?: PendingCreates;
  /** What the status page should say about the last run (a name cut, a duplicate left for a person). */
  notes?: string[];
}

export interface CustomerJob extends JobBase {
  kind: 'customer';
  customer: CustomerFacts;
  /** When the facts were true (event time), so an older event never replaces newer facts. */
  factsAt: string;
}
export interface InvoiceJob extends JobBase {
  kind: 'invoice';
  orderId: string;
  order: EventData<'order.completed'>;
}
export interface CreditNoteJob extends JobBase {
  kind: 'credit-note';
  orderId: string;
  order: EventData<'order.refunded'>;
  /** The refund failed at the bank: nothing more is pushed for it (its reversal job deals with what was). */
  canceled?: boolean;
}
/** A refund that failed at the bank: its credit note, if it reached Dolibarr, is cancelled by an invoice. */
export interface CreditNoteReversalJob extends JobBase {
  kind: 'credit-note-reversal';
  orderId: string;
  failure: EventData<'order.refund_failed'>;
}
/** A dispute lost: the bank took the money back, recorded as a credit note paid back like a refund. */
export interface ChargebackJob extends JobBase {
  kind: 'chargeback';
  orderId: string;
  dispute: EventData<'order.dispute_closed'>;
}
export type CrmJob = CustomerJob | InvoiceJob | CreditNoteJob | CreditNoteReversalJob | ChargebackJob;
export type CrmJobKind = CrmJob['kind'];

export const jobId = (kind: CrmJobKind, id: string) => `${kind}:${id}`;

/**
 * One credit note per Stripe refund: its job and its ref_ext come from the refund id. A refund event from
 * before refund ids were carried makes the order's single credit note, `<orderId>-refund`.
 */
export const creditNoteJobId = (refund: Pick<EventData<'order.refunded'>, 'orderId' | 'refundId'>) => jobId('credit-note', refund.refundId ?? refund.orderId);
export const creditNoteRef = (refund: Pick<EventData<'order.refunded'>, 'orderId' | 'refundId'>) =>
  refund.refundId ? `${refund.orderId}-${refund.refundId}` : `${refund.orderId}-refund`;

/** The reversal of a refund's credit note: `<credit note ref>-reversal`, one per refund. */
export const reversalJobId = (failure: Pick<EventData<'order.refund_failed'>, 'refundId'>) => jobId('credit-note-reversal', failure.refundId);
export const reversalRef = (failure: Pick<EventData<'order.refund_failed'>, 'orderId' | 'refundId'>) => `${creditNoteRef(failure)}-reversal`;

/** One credit note per lost dispute, from Stripe's dispute id: a replayed event finds the same document. */
export const chargebackJobId = (dispute: Pick<EventData<'order.dispute_closed'>, 'disputeId'>) => jobId('chargeback', dispute.disputeId);
export const chargebackRef = (dispute: Pick<EventData<'order.dispute_closed'>, 'orderId' | 'disputeId'>) => `${dispute.orderId}-${dispute.disputeId}`;

type NewJob<J extends CrmJob> = Omit<J, keyof JobBase> & Pick<J, 'userId'>;

export function newJob<J extends CrmJob>(id: string, fields: NewJob<J>, now: Date): J {
  return {
    _id: id,
    status: 'pending',
    lastError: null,
    version: 1,
    createdAt: now,
    dueAt: now.getTime(),
    lockedUntil: 0,
    attempts: 0,
    ...fields,
  } as unknown as J;
}

export function customerFromOrder(order: EventData<'order.completed'>): CustomerFacts {
  return { userId: order.userId, email: order.customerEmail, name: order.customerName, phone: null };
}

/** Opens a job again (resync, newer facts): due now, no error, no notes, and no longer set to expire. */
export const reopen = (now: number) => ({ $set: { status: 'pending', dueAt: now, lastError: null, notes: [] }, $unset: { doneAt: '' } });
