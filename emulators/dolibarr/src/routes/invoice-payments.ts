import type { FastifyInstance } from 'fastify';
import { phpWallClock, type RouteContext } from '../context.js';
import { parseSqlDate } from '../filter-match.js';
import { toCents } from '../money.js';
import { nextPaymentRef } from '../numbering.js';
import { RestException } from '../rest-error.js';
import { nextRowid, paidCents, type InvoiceRecord } from '../state.js';
import { findInvoice } from './invoices.js';
import { parseIdParam, readBody, unixSeconds } from './request-data.js';

const TYPE_CREDIT_NOTE = 2;

interface PaymentFields {
  datepaye: number;
  paymentModeId: number;
  closePaidInvoices: boolean;
  accountId: number;
  num_payment: string;
  note: string;
}

/**
 * The parameters Restler checks from the method signature: datepaye, paymentid, closepaidinvoices and
 * accountid have no default value, so they are required whether or not the Bank module is on.
 */
function readPaymentFields(body: Record<string, unknown>): PaymentFields {
  for (const name of ['datepaye', 'paymentid', 'closepaidinvoices', 'accountid']) {
    if (body[name] === undefined || body[name] === null || body[name] === '') throw new RestException(400, `\`${name}\` is required but missing.`);
  }
  if (body.closepaidinvoices !== 'yes' && body.closepaidinvoices !== 'no') {
    throw new RestException(400, 'invalid value specified for `closepaidinvoices`');
  }
  const paymentModeId = Number(body.paymentid);
  const accountId = Number(body.accountid);
  if (!(paymentModeId >= 1)) throw new RestException(400, 'invalid value specified for `paymentid`. Given value is too low');
  if (!(accountId >= 1)) throw new RestException(400, 'invalid value specified for `accountid`. Given value is too low');
  const datepaye = unixSeconds(body.datepaye) ?? parseSqlDate(String(body.datepaye)) ?? 0;
  return {
    datepaye,
    paymentModeId,
    closePaidInvoices: body.closepaidinvoices === 'yes',
    accountId,
    num_payment: String(body.num_payment ?? ''),
    note: String(body.comment ?? ''),
  };
}

export function invoicePaymentRoutes(app: FastifyInstance, context: RouteContext): void {
  const { state } = context;

  const remainCents = (invoice: InvoiceRecord): number => toCents(invoice.total_ttc) - paidCents(state, invoice.id);

  /**
   * Paiement::create(): refuses an all-zero payment ("TotalAmountEmpty"), books the amounts as given and,
   * when asked, classifies as paid every invoice left with nothing to pay. Nothing checks the invoice's
   * status: a draft gets paid and stays a "(PROVn)".
   */
  const bookPayment = (fields: PaymentFields, amounts: Array<{ invoice: InvoiceRecord; cents: number }>, refExt: string): number => {
    if (amounts.every(({ cents }) => cents === 0)) throw new RestException(400, 'Payment error : TotalAmountEmpty');
    const now = context.now();
    const id = nextRowid(state, 'payment');
    state.payments.set(id, {
      id,
      ref: nextPaymentRef(state, phpWallClock(context, now)),
      datepaye: fields.datepaye,
      paymentModeId: fields.paymentModeId,
      accountId: fields.accountId,
      num_payment: fields.num_payment,
      note: fields.note,
      ref_ext: refExt,
      amounts: amounts.map(({ invoice, cents }) => ({ invoiceId: invoice.id, amount: cents / 100 })),
      date_creation: now,
    });
    if (fields.closePaidInvoices) {
      for (const { invoice } of amounts) {
        if (remainCents(invoice) === 0) state.invoices.set(invoice.id, { ...invoice, paye: 1, statut: 2, date_modification: now });
      }
    }
    return id;
  };

  // Pays whatever remains. For a credit note the API books -1 × remain: with the negative totals a credit
  // note carries, that is a positive amount, so paying one back this way doubles what remains (as Dolibarr does).
  app.post<{ Params: { id: string } }>('/invoices/:id/payments', async (request) => {
    const id = parseIdParam(request.params.id);
    const fields = readPaymentFields(readBody(request.body));
    const invoice = findInvoice(state, id);
    const remain = remainCents(invoice);
    return bookPayment(fields, [{ invoice, cents: invoice.type === TYPE_CREDIT_NOTE ? -remain : remain }], '');
  });

  app.post('/invoices/paymentsdistributed', async (request) => {
    const body = readBody(request.body);
    const fields = readPaymentFields(body);
    const arrayofamounts = body.arrayofamounts;
    if (typeof arrayofamounts !== 'object' || arrayofamounts === null) throw new RestException(400, '`arrayofamounts` is required but missing.');
    // Restler's bool: true, "true" or a number above 0.
    const acceptHigher = body.accepthigherpayment === true || body.accepthigherpayment === 'true' || Number(body.accepthigherpayment) > 0;
    const amounts = Object.entries(arrayofamounts as Record<string, unknown>).map(([key, entry]) => {
      const invoice = state.invoices.get(Number(key));
      if (!invoice) throw new RestException(404, `Invoice ID ${key} not found`);
      const requested = (entry as { amount?: unknown } | null)?.amount;
      if (typeof entry !== 'object' || entry === null || !('multicurrency_amount' in entry)) {
        state.warnings.push('Warning: Undefined array key "multicurrency_amount" in api_invoices.class.php');
      }
      const remain = remainCents(invoice);
      const cents = requested === 'remain' ? remain : toCents(Number(requested) || 0);
      if (cents > remain && !acceptHigher) {
        throw new RestException(400, `Payment amount on invoice ID ${key} (${cents / 100}) is higher than remain to pay (${remain / 100})`);
      }
      return { invoice, cents: invoice.type === TYPE_CREDIT_NOTE ? -cents : cents };
    });
    return bookPayment(fields, amounts, String(body.ref_ext ?? ''));
  });
}
