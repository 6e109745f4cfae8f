import type { EventData } from '@lumira/contracts';
import { WaitingError } from './create-guard.js';
import { creditNoteRef } from './crm-job.js';
import type { Invoice } from './dolibarr/dolibarr-schemas.js';
import { settledInvoice } from './invoice-duplicates.js';
import type { PushContext } from './push-context.js';
import { createGuarded, lineFor, readBack, type InvoiceSettings } from './push-invoice.js';

/** A refund before its invoice reached Dolibarr waits this long before looking again. */
const invoiceWaitMs = 5_000;

/**
 * A refund becomes a validated credit note on the order's invoice (one per Stripe refund, ref_ext
 * `<orderId>-<refundId>`) for the amount of that refund, paid back: the payment takes the money out of the
 * bank account Stripe payouts land on, as the refund did, and leaves the customer owed nothing.
 */
export async function pushCreditNote(ctx: PushContext, refund: EventData<'order.refunded'>, settings: InvoiceSettings & { invoiceFreeOrders: boolean }): Promise<Invoice | null> {
  const invoice = await settledInvoice(ctx, refund.orderId);
  if (!invoice) {
    if (refund.free && !settings.invoiceFreeOrders) return null;
    throw new WaitingError(`the invoice of ${refund.orderId} is not in Dolibarr yet`, Date.now() + invoiceWaitMs);
  }
  if (refund.amountRefunded <= 0) return null;
  const ref = creditNoteRef(refund);
  let note =
    (await settledInvoice(ctx, ref)) ??
    (await createGuarded(ctx, `credit-note:${ref}`, () =>
      ctx.client.createCreditNote({
        socid: invoice.socid,
        date: new Date(refund.refundedAt),
        refExt: ref,
        sourceInvoiceId: invoice.id,
        lines: [lineFor(refund, refund.amountRefunded, settings.vatRate)],
      }),
    ));
  if (note.status === 'draft') note = await ctx.client.validateInvoice(note.id);
  if (note.paid) return note;
  const payment = { date: new Date(refund.refundedAt), paymentModeId: settings.paymentModeId, accountId: settings.bankAccountId, reference: refund.refundId ?? refund.paymentIntentId ?? refund.orderId };
  try {
    await ctx.client.refundCreditNote(note.id, -note.totalGrossCents, payment);
  } catch (err) {
    if (!(await readBack(ctx, note.id)).paid) throw err;
  }
  return await readBack(ctx, note.id);
}
