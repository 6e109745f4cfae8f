import type { EventData } from '@lumira/contracts';
import { creditNoteRef, reversalRef } from './crm-job.js';
import { DolibarrError } from './dolibarr/dolibarr-error.js';
import type { Invoice } from './dolibarr/dolibarr-schemas.js';
import { isErasable, settledInvoice } from './invoice-duplicates.js';
import type { PushContext } from './push-context.js';
import { createGuarded, lineFor, readBack, type InvoiceSettings } from './push-invoice.js';

/**
 * A refund that failed at the bank, in the books. Its credit note never reached Dolibarr: nothing to do.
 * A draft (no number yet) is deleted. A validated credit note has its number in the sequence for good, so,
 * as an accountant corrects a credit note issued in error, an invoice of the same amount cancels it
 * (ref_ext `<credit note ref>-reversal`), paid: Stripe put the refund's money back on the balance the
 * payouts come from, so the bank line that the credit note's payment took out comes back in. The order's
 * documents then add up to the price again, and each has its matching bank line.
 */
export async function pushCreditNoteReversal(ctx: PushContext, failure: EventData<'order.refund_failed'>, settings: InvoiceSettings): Promise<Invoice | null> {
  const noteRef = creditNoteRef(failure);
  const payment = { date: new Date(failure.failedAt), paymentModeId: settings.paymentModeId, accountId: settings.bankAccountId, reference: failure.refundId };
  let note = await settledInvoice(ctx, noteRef);
  if (!note) {
    ctx.note(`${noteRef}: the credit note never reached Dolibarr: nothing to reverse`);
    return null;
  }
  if (isErasable(note)) {
    try {
      await ctx.client.deleteInvoice(note.id);
    } catch (err) {
      if (!(err instanceof DolibarrError && err.status === 404)) throw err;
    }
    ctx.note(`${noteRef}: the draft credit note was deleted`);
    return null;
  }
  if (!note.paid) {
    // Validated but its refund not booked (a run cut short): booked now, so both documents close with their bank lines.
    const id = note.id;
    try {
      await ctx.client.refundCreditNote(id, -note.totalGrossCents, payment);
    } catch (err) {
      if (!(await readBack(ctx, id)).paid) throw err;
    }
    note = await readBack(ctx, id);
  }
  const ref = reversalRef(failure);
  const description = `Annulation de l'avoir ${note.ref} : remboursement ${failure.refundId} non abouti`;
  const { socid, totalGrossCents } = note;
  let invoice =
    (await settledInvoice(ctx, ref)) ??
    (await createGuarded(ctx, `invoice:${ref}`, () =>
      ctx.client.createInvoice({
        socid,
        date: new Date(failure.failedAt),
        refExt: ref,
        lines: [{ ...lineFor(failure, -totalGrossCents, settings.vatRate), description }],
      }),
    ));
  if (invoice.status === 'draft') invoice = await ctx.client.validateInvoice(invoice.id);
  if (invoice.paid) return invoice;
  try {
    await ctx.client.addInvoicePayment(invoice.id, payment);
  } catch (err) {
    if (!(await readBack(ctx, invoice.id)).paid) throw err;
  }
  return await readBack(ctx, invoice.id);
}
