/** What the emulator holds, in the units Dolibarr's tables use: Unix seconds for dates, euros for amounts. */

export interface ThirdpartyRecord {
  id: number;
  name: string;
  name_alias: string;
  email: string | null;
  phone: string | null;
  /** 0 none, 1 customer, 2 prospect, 3 both. */
  client: number;
  code_client: string | null;
  ref_ext: string | null;
  status: number;
  date_creation: number;
  date_modification: number;
}

export interface InvoiceLineRecord {
  id: number;
  desc: string;
  subprice: number;
  qty: number;
  tva_tx: number;
  product_type: number;
  total_ht: number;
  total_tva: number;
  total_ttc: number;
}

export interface InvoiceRecord {
  id: number;
  socid: number;
  /** 0 standard, 2 credit note. */
  type: number;
  ref: string;
  ref_ext: string | null;
  fk_facture_source: number | null;
  /** Invoice date: a DATE column, so the midnight of its day in PHP's zone. */
  date: number;
  /** 0 draft, 1 validated, 2 paid, 3 abandoned. */
  statut: number;
  paye: number;
  lines: InvoiceLineRecord[];
  total_ht: number;
  total_tva: number;
  total_ttc: number;
  date_creation: number;
  date_validation: number | null;
  date_modification: number;
}

export interface PaymentRecord {
  id: number;
  ref: string;
  datepaye: number;
  paymentModeId: number;
  accountId: number | null;
  num_payment: string;
  note: string;
  ref_ext: string;
  /** Amount booked on each invoice, negative on a credit note that is paid back. */
  amounts: Array<{ invoiceId: number; amount: number }>;
  date_creation: number;
}

export interface EmulatorState {
  thirdparties: Map<number, ThirdpartyRecord>;
  invoices: Map<number, InvoiceRecord>;
  payments: Map<number, PaymentRecord>;
  /** PHP warnings Dolibarr would have written to its log (or printed, with display_errors on). */
  warnings: string[];
  counters: { rowid: Record<'thirdparty' | 'invoice' | 'line' | 'payment', number>; refs: Map<string, number> };
}

export function createState(): EmulatorState {
  return {
    thirdparties: new Map(),
    invoices: new Map(),
    payments: new Map(),
    warnings: [],
    counters: { rowid: { thirdparty: 0, invoice: 0, line: 0, payment: 0 }, refs: new Map() },
  };
}

export function nextRowid(state: EmulatorState, table: keyof EmulatorState['counters']['rowid']): number {
  state.counters.rowid[table] += 1;
  return state.counters.rowid[table];
}

/** Sum of what payments booked on the invoice, in cents. */
export function paidCents(state: EmulatorState, invoiceId: number): number {
  let cents = 0;
  for (const payment of state.payments.values()) {
    for (const share of payment.amounts) {
      if (share.invoiceId === invoiceId) cents += Math.round(share.amount * 100);
    }
  }
  return cents;
}
