import type { Invoice } from './dolibarr/dolibarr-schemas.js';
import { DolibarrError } from './dolibarr/dolibarr-error.js';
import type { PushContext } from './push-context.js';

/** The one to keep among invoices sharing a ref_ext: the furthest along (paid, validated, draft), then the oldest. */
export function keeperOf(invoices: Invoice[]): Invoice | null {
  const rank = (invoice: Invoice) => (invoice.paid ? 0 : invoice.status === 'draft' ? 2 : 1);
  return [...invoices].sort((a, b) => rank(a) - rank(b) || a.id - b.id)[0] ?? null;
}

export function isErasable(invoice: Invoice): boolean {
  return invoice.status === 'draft' && !invoice.paid;
}

/**
 * The invoice (or credit note) carrying `refExt`, once duplicates are dealt with. A create that committed
 * late leaves a second document with our ref_ext: drafts can be deleted and are; a validated duplicate
 * cannot (it has a number in the ledger) and is left for a person, said in the job's notes.
 */
export async function settledInvoice(ctx: PushContext, refExt: string): Promise<Invoice | null> {
  const all = await ctx.client.listInvoicesByRefExt(refExt);
  const keeper = keeperOf(all);
  for (const other of all) {
    if (other.id === keeper?.id) continue;
    if (!isErasable(other)) {
      ctx.note(`${refExt}: duplicate ${other.ref} (id ${other.id}) is ${other.status} and cannot be deleted: cancel it in Dolibarr`);
      continue;
    }
    try {
      await ctx.client.deleteInvoice(other.id);
      ctx.note(`${refExt}: duplicate draft ${other.ref} (id ${other.id}) deleted`);
    } catch (err) {
      // Gone already (another run deleted it) is what we wanted.
      if (!(err instanceof DolibarrError && err.status === 404)) throw err;
    }
  }
  return keeper;
}
