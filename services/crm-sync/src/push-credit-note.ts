import type { EventData } from '@lumira/contracts';
import type { OrderFacts } from '@lumira/contracts/events';
import { WaitingError } from './create-guard.js';
import { chargebackRef, creditNoteRef } from './crm-job.js';
import type { Invoice } from './dolibarr/dolibarr-schemas.js';
import { settledInvoice } from './invoice-duplicates.js';
import type { PushContext } from './push-context.js';
import { createGuarded, lineFor, readBack, type InvoiceSettings } from './push-invoice.js';

/** A refund before its invoice reached Dolibarr waits this long before looking again. */
const invoiceWaitMs = 5_000;

export type CreditNoteSettings = InvoiceSettings & { invoiceFreeOrders: boolean };

/** Money that went back to the customer: by refund or by the bank after a lost dispute. */
export interface MoneyReturned {
  ref: string;
  amount: number;
  at: string;
  /** What the bank line carries: Stripe's refund or dispute id. */
  reference: string;
}

/**
 * Money returned becomes a validated credit note on the order's invoice (ref_ext `ret.ref`) for that
 * amount, paid back: the payment takes the money out of the bank account Stripe payouts land on, as the
 * refund or the chargeback did, and leaves the customer owed nothing.
 */
export async function pushMoneyReturned(ctx: PushContext, order: OrderFacts, ret: MoneyReturned, settings: CreditNoteSettings): Promise<Invoice | null> {
  const invoice = await settledInvoice(ctx, order.orderId);
  if (!invoice) {
    if (order.free && !settings.invoiceFreeOrders) return null;
    throw new WaitingError(`the invoice of ${order.orderId} is not in Dolibarr yet`, Date.now() + invoiceWaitMs);
  }
  if (ret.amount <= 0) return null;
  let note =
    (await settledInvoice(ctx, ret.ref)) ??
    (await createGuarded(ctx, `credit-note:${ret.ref}`, () =>
      ctx.client.createCreditNote({
        socid: invoice.socid,
        date: new Date(ret.at),
        refExt: ret.ref,
        sourceInvoiceId: invoice.id,
        lines: [lineFor(order, ret.amount, settings.vatRate)],
      }),
    ));
  if (note.status === 'draft') note = await ctx.client.validateInvoice(note.id);
  if (note.paid) return note;
  const payment = { date: new Date(ret.at), paymentModeId: settings.paymentModeId, accountId: settings.bankAccountId, reference: ret.reference };
  try {
    await ctx.client.refundCreditNote(note.id, -note.totalGrossCents, payment);
  } catch (err) {
    if (!(await readBack(ctx, note.id)).paid) throw err;
  }
  return await readBack(ctx, note.id);
}

/** One credit note per Stripe refund, for the amount of that refund. */
export async function pushCreditNote(ctx: PushContext, refund: EventData<'order.refunded'>, settings: CreditNoteSettings): Promise<Invoice | null> {
  const reference = refund.refundId ?? refund.paymentIntentId ?? refund.orderId;
  return await pushMoneyReturned(ctx, refund, { ref: creditNoteRef(refund), amount: refund.amountRefunded, at: refund.refundedAt, reference }, settings);
}

/** A lost dispute: the disputed amount, taken back by the bank, as a credit note of its own. */
export async function pushChargeback(ctx: PushContext, dispute: EventData<'order.dispute_closed'>, settings: CreditNoteSettings): Promise<Invoice | null> {
  return await pushMoneyReturned(
    ctx,
    dispute,
    { ref: chargebackRef(dispute), amount: dispute.amountDisputed, at: dispute.closedAt, reference: dispute.disputeId },
    settings,
  );
}
