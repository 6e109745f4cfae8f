import type { EventData } from '@lumira/contracts';
import { creditNoteRef, customerFromOrder } from './crm-job.js';
import { DolibarrError } from './dolibarr/dolibarr-error.js';
import type { Invoice } from './dolibarr/dolibarr-schemas.js';
import { netLineFromGross } from './dolibarr/invoice-lines.js';
import { pushCustomer, type PushContext } from './push-customer.js';

export interface InvoiceSettings {
  vatRate: number;
  paymentModeId: number;
  bankAccountId: number;
}

/** Work that cannot be done yet (a refund before its invoice reached Dolibarr): retried like an outage. */
export class NotYetError extends Error {
  override name = 'NotYetError';
}

const lineFor = (order: EventData<'order.completed'>, grossCents: number, vatRate: number) => {
  const net = netLineFromGross({ unitGrossCents: grossCents, vatRate });
  return { description: `${order.productName} — niveau ${order.level}`, netUnitPrice: net.netUnitPrice, quantity: 1, vatRate };
};

async function readBack(ctx: PushContext, id: number): Promise<Invoice> {
  const invoice = await ctx.client.getInvoice(id);
  if (!invoice) throw new DolibarrError('server', `invoice ${id} not found right after it was created`);
  return invoice;
}

/**
 * One validated, paid invoice per paid order, ref_ext = our order id. Each step looks before it acts, so a
 * retry after a timeout that Dolibarr had in fact completed finds the invoice, its validation, its payment.
 */
export async function pushInvoice(ctx: PushContext, order: EventData<'order.completed'>, settings: InvoiceSettings): Promise<Invoice> {
  const socid = await pushCustomer(ctx, customerFromOrder(order), { update: false });
  let invoice = await ctx.client.findInvoiceByRefExt(order.orderId);
  if (!invoice) {
    const lines = [lineFor(order, order.amount, settings.vatRate)];
    invoice = await readBack(ctx, await ctx.client.createInvoice({ socid, date: new Date(order.completedAt), refExt: order.orderId, lines }));
  }
  if (invoice.status === 'draft') invoice = await ctx.client.validateInvoice(invoice.id);
  if (!invoice.paid && invoice.totalGrossCents > 0) {
    const payment = { date: new Date(order.completedAt), paymentModeId: settings.paymentModeId, accountId: settings.bankAccountId, reference: order.paymentIntentId ?? order.orderId };
    try {
      await ctx.client.addInvoicePayment(invoice.id, payment);
    } catch (err) {
      // A payment Dolibarr booked before the answer was lost leaves nothing to pay: that is success.
      const now = await readBack(ctx, invoice.id);
      if (!now.paid) throw err;
    }
    invoice = await readBack(ctx, invoice.id);
  }
  return invoice;
}

/**
 * A refund becomes a validated credit note on the order's invoice (ref_ext `<orderId>-refund`) for the
 * amount refunded. The money itself went back through Stripe; the credit note is the accounting record.
 */
export async function pushCreditNote(ctx: PushContext, order: EventData<'order.refunded'>, settings: InvoiceSettings & { invoiceFreeOrders: boolean }): Promise<Invoice | null> {
  const invoice = await ctx.client.findInvoiceByRefExt(order.orderId);
  if (!invoice) {
    if (order.free && !settings.invoiceFreeOrders) return null;
    throw new NotYetError(`the invoice of ${order.orderId} is not in Dolibarr yet`);
  }
  if (order.amountRefunded <= 0) return null;
  const ref = creditNoteRef(order.orderId);
  let note = await ctx.client.findInvoiceByRefExt(ref);
  if (!note) {
    const lines = [lineFor({ ...order, completedAt: order.refundedAt }, order.amountRefunded, settings.vatRate)];
    note = await readBack(ctx, await ctx.client.createCreditNote({ socid: invoice.socid, date: new Date(order.refundedAt), refExt: ref, sourceInvoiceId: invoice.id, lines }));
  }
  if (note.status === 'draft') note = await ctx.client.validateInvoice(note.id);
  return note;
}
