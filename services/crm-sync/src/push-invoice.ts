import type { EventData } from '@lumira/contracts';
import { customerFromOrder } from './crm-job.js';
import { DolibarrError } from './dolibarr/dolibarr-error.js';
import type { Invoice } from './dolibarr/dolibarr-schemas.js';
import { netLineFromGross } from './dolibarr/invoice-lines.js';
import { settledInvoice } from './invoice-duplicates.js';
import type { PushContext } from './push-context.js';
import { pushCustomer } from './push-customer.js';

export interface InvoiceSettings {
  vatRate: number;
  paymentModeId: number;
  bankAccountId: number;
}

export const lineFor = (order: Pick<EventData<'order.completed'>, 'productName' | 'level'>, grossCents: number, vatRate: number) => {
  const net = netLineFromGross({ unitGrossCents: grossCents, vatRate });
  return { description: `${order.productName} — niveau ${order.level}`, netUnitPrice: net.netUnitPrice, quantity: 1, vatRate };
};

export async function readBack(ctx: PushContext, id: number): Promise<Invoice> {
  const invoice = await ctx.client.getInvoice(id);
  if (!invoice) throw new DolibarrError('server', `invoice ${id} not found right after it was created`);
  return invoice;
}

/** Creates the draft under the create guard: no second create while the first may still commit. */
export async function createGuarded(ctx: PushContext, key: string, create: () => Promise<number>): Promise<Invoice> {
  await ctx.guard.beforeCreate(key);
  const id = await create();
  await ctx.guard.created(key);
  return await readBack(ctx, id);
}

/**
 * One validated, paid invoice per paid order, ref_ext = our order id. Each step looks before it acts, so a
 * retry after a timeout that Dolibarr had in fact completed finds the invoice, its validation, its payment.
 * The invoice date is the completion instant; Dolibarr keeps its day, in its own zone.
 */
export async function pushInvoice(ctx: PushContext, order: EventData<'order.completed'>, settings: InvoiceSettings): Promise<Invoice> {
  const socid = await pushCustomer(ctx, customerFromOrder(order), { update: false });
  let invoice =
    (await settledInvoice(ctx, order.orderId)) ??
    (await createGuarded(ctx, `invoice:${order.orderId}`, () =>
      ctx.client.createInvoice({ socid, date: new Date(order.completedAt), refExt: order.orderId, lines: [lineFor(order, order.amount, settings.vatRate)] }),
    ));
  if (invoice.status === 'draft') invoice = await ctx.client.validateInvoice(invoice.id);
  if (invoice.paid) return invoice;
  // Nothing to pay (a free order): Dolibarr refuses an empty payment, so the invoice is only flagged paid.
  if (invoice.totalGrossCents === 0) return await ctx.client.setInvoicePaid(invoice.id);
  const payment = {
    date: new Date(order.completedAt),
    paymentModeId: settings.paymentModeId,
    accountId: settings.bankAccountId,
    reference: order.paymentIntentId ?? order.orderId,
  };
  try {
    await ctx.client.addInvoicePayment(invoice.id, payment);
  } catch (err) {
    // A payment Dolibarr booked before the answer was lost leaves nothing to pay: that is success.
    if (!(await readBack(ctx, invoice.id)).paid) throw err;
  }
  return await readBack(ctx, invoice.id);
}
