import type { EventData } from '@lumira/contracts';
import type { DueFields } from '@lumira/store';

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
  doneAt: Date | null;
}

export interface CustomerJob extends JobBase {
  kind: 'customer';
  customer: CustomerFacts;
  /** When the facts were true (event time), so an older event never replaces newer facts. */
  factsAt: string;
}
export interface InvoiceJob extends JobBase {
  kind: 'invoice';
  order: EventData<'order.completed'>;
}
export interface CreditNoteJob extends JobBase {
  kind: 'credit-note';
  order: EventData<'order.refunded'>;
}
export type CrmJob = CustomerJob | InvoiceJob | CreditNoteJob;
export type CrmJobKind = CrmJob['kind'];

export const jobId = (kind: CrmJobKind, id: string) => `${kind}:${id}`;

/** Ref of our credit note in Dolibarr: the order's own ref_ext belongs to its invoice. */
export const creditNoteRef = (orderId: string) => `${orderId}-refund`;

type NewJob<J extends CrmJob> = Omit<J, keyof JobBase> & Pick<J, 'userId'>;

export function newJob<J extends CrmJob>(id: string, fields: NewJob<J>, now: Date): J {
  return { _id: id, status: 'pending', lastError: null, version: 1, createdAt: now, doneAt: null, dueAt: now.getTime(), lockedUntil: 0, attempts: 0, ...fields } as unknown as J;
}

export function customerFromOrder(order: EventData<'order.completed'>): CustomerFacts {
  return { userId: order.userId, email: order.customerEmail, name: order.customerName, phone: null };
}
