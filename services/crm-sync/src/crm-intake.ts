import type { Bus, Subscription } from '@lumira/bus';
import type { EventData } from '@lumira/contracts';
import { insertIfAbsent, type Collection } from '@lumira/store';
import {
  chargebackJobId,
  creditNoteJobId,
  jobId,
  newJob,
  reopen,
  reversalJobId,
  type ChargebackJob,
  type CreditNoteJob,
  type CreditNoteReversalJob,
  type CrmJob,
  type CustomerJob,
  type InvoiceJob,
} from './crm-job.js';
import type { CrmLedger } from './crm-ledger.js';

/**
 * Events become jobs (and ledger entries, for the audit) and are acknowledged at once; the worker talks to
 * Dolibarr. Changes that came from Dolibarr (`source: "crm"`) are not pushed back to it, but they do become
 * the customer's latest facts, so a later resync never writes older values over them.
 */
export async function consumeCrmEvents(
  bus: Bus,
  jobs: Collection<CrmJob>,
  ledger: CrmLedger,
  options: { invoiceFreeOrders: boolean; wake: (id: string) => void },
): Promise<Subscription> {
  async function customerFacts(data: EventData<'user.created'> | EventData<'user.updated'>, at: string, push = true) {
    const now = new Date();
    const customer = { userId: data.userId, email: data.email, name: data.name, phone: data.phone };
    const id = jobId('customer', data.userId);
    if (!push) {
      await jobs.updateOne({ _id: id, factsAt: { $lt: at } }, { $set: { customer, factsAt: at }, $inc: { version: 1 } });
      return;
    }
    const inserted = await insertIfAbsent<CrmJob>(jobs, newJob<CustomerJob>(id, { kind: 'customer', userId: data.userId, customer, factsAt: at }, now));
    // Newer facts replace older ones and make the job due again; an older or repeated event changes nothing.
    if (!inserted) {
      const again = reopen(now.getTime());
      await jobs.updateOne({ _id: id, factsAt: { $lt: at } }, { ...again, $set: { ...again.$set, customer, factsAt: at }, $inc: { version: 1 } });
    }
    options.wake(id);
  }

  /**
   * Nothing more is pushed for a refund that failed. The version bump keeps a run already under way from
   * marking the job done: it runs again, sees the flag, and stops.
   */
  const cancelCreditNote = async (id: string) => await jobs.updateOne({ _id: id, canceled: { $ne: true } }, { $set: { canceled: true }, $inc: { version: 1 } });

  return await bus.subscribe({
    durable: 'crm-sync',
    handlers: {
      'user.created': async (data) => await customerFacts(data, data.createdAt),
      'user.updated': async (data) => await customerFacts(data, data.updatedAt, data.source !== 'crm'),
      'order.completed': async (data) => {
        const invoiced = !data.free || options.invoiceFreeOrders;
        await ledger.completed(data, invoiced);
        if (!invoiced) return;
        const id = jobId('invoice', data.orderId);
        await insertIfAbsent<CrmJob>(jobs, newJob<InvoiceJob>(id, { kind: 'invoice', userId: data.userId, orderId: data.orderId, order: data }, new Date()));
        options.wake(id);
      },
      'order.refunded': async (data) => {
        await ledger.refunded(data);
        const id = creditNoteJobId(data);
        await insertIfAbsent<CrmJob>(
          jobs,
          newJob<CreditNoteJob>(id, { kind: 'credit-note', userId: data.userId, orderId: data.orderId, order: data }, new Date()),
        );
        // The failure came first (events come in any order). Both handlers write their job, then look for
        // the other's: whichever runs second sees the first, so the cancellation is never missed.
        if (data.refundId && (await jobs.findOne({ _id: reversalJobId({ refundId: data.refundId }) }))) await cancelCreditNote(id);
        options.wake(id);
      },
      'order.refund_failed': async (data) => {
        await ledger.refundFailed(data);
        const id = reversalJobId(data);
        await insertIfAbsent<CrmJob>(
          jobs,
          newJob<CreditNoteReversalJob>(id, { kind: 'credit-note-reversal', userId: data.userId, orderId: data.orderId, failure: data }, new Date()),
        );
        await cancelCreditNote(creditNoteJobId(data));
        options.wake(id);
      },
      'order.dispute_closed': async (data) => {
        // Won (or an inquiry closed): the money stayed with the shop and the books stay as they are.
        if (data.outcome !== 'lost') return;
        await ledger.chargedBack(data);
        const id = chargebackJobId(data);
        await insertIfAbsent<CrmJob>(
          jobs,
          newJob<ChargebackJob>(id, { kind: 'chargeback', userId: data.userId, orderId: data.orderId, dispute: data }, new Date()),
        );
        options.wake(id);
      },
    },
  });
}
