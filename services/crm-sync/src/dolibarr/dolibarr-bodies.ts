/**
 * What the client sends: the request bodies of the endpoints it uses, built from the service's own terms.
 * The counterpart of dolibarr-schemas.ts, which reads the answers.
 */

export interface NewThirdparty {
  name: string;
  email: string | null;
  phone?: string;
  refExt: string;
}

export interface ThirdpartyChanges {
  name?: string;
  email?: string | null;
  phone?: string | null;
  refExt?: string | null;
}

export interface InvoiceLine {
  description: string;
  /** Net unit price (tax excluded), as netLineFromGross() gives it. */
  netUnitPrice: number;
  quantity: number;
  vatRate: number;
  /** A reading is a service; 'product' only for goods. */
  kind?: 'service' | 'product';
}

export interface NewInvoice {
  socid: number;
  date: Date;
  refExt: string;
  lines: InvoiceLine[];
}

export interface NewCreditNote extends NewInvoice {
  /** The validated invoice this credit note corrects. */
  sourceInvoiceId: number;
}

export interface InvoicePayment {
  date: Date;
  /** Id of the payment mode in Dolibarr's dictionary (llx_c_paiement), e.g. the one for card payments. */
  paymentModeId: number;
  /** Bank account the money lands on: Restler requires `accountid` on every payment (it has no default). */
  accountId: number;
  /** The Stripe PaymentIntent id, kept as the payment number. */
  reference: string;
}

const unix = (date: Date): number => Math.floor(date.getTime() / 1000);

/** A customer (client 1) whose code Dolibarr numbers itself. */
export function thirdpartyBody(input: NewThirdparty): Record<string, unknown> {
  return { name: input.name, email: input.email, phone: input.phone, client: 1, code_client: 'auto', ref_ext: input.refExt };
}

export function thirdpartyChangesBody({ refExt, ...fields }: ThirdpartyChanges): Record<string, unknown> {
  return refExt === undefined ? fields : { ...fields, ref_ext: refExt };
}

/**
 * Every property Facture::create() reads from a REST line, so that PHP 8 logs no "Undefined property" for
 * the ones we have no use for. Values are the ones addline() takes by default.
 */
function lineBody(line: InvoiceLine, sign: 1 | -1): Record<string, unknown> {
  return {
    desc: line.description,
    label: '',
    subprice: sign * line.netUnitPrice,
    qty: line.quantity,
    tva_tx: line.vatRate,
    localtax1_tx: 0,
    localtax2_tx: 0,
    fk_product: 0,
    remise_percent: 0,
    date_start: '',
    date_end: '',
    fk_code_ventilation: 0,
    info_bits: 0,
    fk_remise_except: '',
    product_type: line.kind === 'product' ? 0 : 1,
    rang: -1,
    special_code: 0,
    fk_parent_line: 0,
    fk_fournprice: 0,
    pa_ht: 0,
    array_options: [],
    situation_percent: 100,
    fk_prev_id: 0,
    fk_unit: 0,
    multicurrency_subprice: 0,
    ref_ext: '',
  };
}

/**
 * Type 0 is a standard invoice. A credit note (type 2) names the invoice it corrects and carries negative
 * lines: that is how the back-office stores one (the API would take a positive one and no source at all).
 */
export function invoiceBody(input: NewInvoice | NewCreditNote): Record<string, unknown> {
  const creditNote = 'sourceInvoiceId' in input;
  return {
    socid: input.socid,
    type: creditNote ? 2 : 0,
    ...(creditNote ? { fk_facture_source: input.sourceInvoiceId } : {}),
    date: unix(input.date),
    ref_ext: input.refExt,
    lines: input.lines.map((line) => lineBody(line, creditNote ? -1 : 1)),
  };
}

/** Pays what remains and asks Dolibarr to classify the invoice paid. */
export function paymentBody(payment: InvoicePayment): Record<string, unknown> {
  return {
    datepaye: unix(payment.date),
    paymentid: payment.paymentModeId,
    closepaidinvoices: 'yes',
    accountid: payment.accountId,
    num_payment: payment.reference,
    comment: `Stripe ${payment.reference}`,
  };
}

/**
 * Pays a credit note back: the refunded amount leaves the bank account. POST /invoices/{id}/payments books
 * -1 × remain, which on a negative credit note is money coming in; paymentsdistributed negates what it is
 * given for a credit note, so the amount goes positive, over the (negative) remain, hence accepthigherpayment.
 */
export function creditNoteRefundBody(creditNoteId: number, amountCents: number, payment: InvoicePayment): Record<string, unknown> {
  return {
    ...paymentBody(payment),
    arrayofamounts: { [String(creditNoteId)]: { amount: (amountCents / 100).toFixed(2), multicurrency_amount: '' } },
    accepthigherpayment: true,
    ref_ext: payment.reference,
  };
}
