import { tmsAsRead, type RouteContext } from './context.js';
import { dbAmount, dbDecimal, toCents, trimmedAmount } from './money.js';
import { paidCents, type InvoiceRecord, type ThirdpartyRecord } from './state.js';

/**
 * The JSON Dolibarr sends: a Societe or Facture object passed through _cleanObjectDatas(). Values read from
 * the database come as strings (mysqli), dates as Unix integers, and a field left empty in the database as
 * null. Only the fields a client can reasonably use are kept. `date_modification` is the database's `tms`
 * read back in PHP's zone (see time-zones.ts).
 */

export function thirdpartyView(context: RouteContext, record: ThirdpartyRecord): Record<string, unknown> {
  return {
    id: String(record.id),
    entity: '1',
    name: record.name,
    name_alias: record.name_alias,
    email: record.email,
    phone: record.phone,
    client: String(record.client),
    prospect: record.client === 2 || record.client === 3 ? 1 : 0,
    fournisseur: '0',
    code_client: record.code_client,
    ref_ext: record.ref_ext,
    status: String(record.status),
    country_code: '',
    date_creation: record.date_creation,
    date_modification: tmsAsRead(context, record.date_modification),
    array_options: [],
  };
}

/**
 * `payments`: what GET computes (totalpaid, totalcreditnotes, totaldeposits, remaintopay). The validate
 * answer leaves them out, so they stay null there.
 */
export function invoiceView(context: RouteContext, record: InvoiceRecord, { payments = true } = {}): Record<string, unknown> {
  const totalTtcCents = toCents(record.total_ttc);
  const paid = paidCents(context.state, record.id);
  return {
    id: String(record.id),
    entity: '1',
    ref: record.ref,
    ref_ext: record.ref_ext,
    socid: String(record.socid),
    type: String(record.type),
    fk_facture_source: record.fk_facture_source === null ? null : String(record.fk_facture_source),
    date: record.date,
    date_creation: record.date_creation,
    date_validation: record.date_validation ?? '',
    date_modification: tmsAsRead(context, record.date_modification),
    statut: String(record.statut),
    status: String(record.statut),
    paye: String(record.paye),
    total_ht: dbAmount(toCents(record.total_ht)),
    total_tva: dbAmount(toCents(record.total_tva)),
    total_ttc: dbAmount(totalTtcCents),
    multicurrency_code: 'EUR',
    // getSumCreditNotesUsed() answers null when no credit note was used as a payment.
    totalpaid: payments ? paid / 100 : null,
    totalcreditnotes: null,
    totaldeposits: payments ? 0 : null,
    remaintopay: payments ? trimmedAmount(totalTtcCents - paid) : null,
    lines: record.lines.map((line) => ({
      id: String(line.id),
      rowid: String(line.id),
      fk_facture: String(record.id),
      desc: line.desc,
      subprice: dbDecimal(line.subprice, 8),
      qty: String(line.qty),
      tva_tx: dbDecimal(line.tva_tx, 4),
      product_type: String(line.product_type),
      total_ht: dbAmount(toCents(line.total_ht)),
      total_tva: dbAmount(toCents(line.total_tva)),
      total_ttc: dbAmount(toCents(line.total_ttc)),
    })),
  };
}
