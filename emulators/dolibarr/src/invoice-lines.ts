import { lineTotals } from './money.js';
import { RestException } from './rest-error.js';
import { nextRowid, type EmulatorState, type InvoiceLineRecord } from './state.js';

/**
 * The properties Facture::create() reads from each line of a REST body (it turns the array into an object
 * and passes them to addline()). On PHP 8 each one missing is an "Undefined property" warning, logged (or
 * printed, when display_errors is on) on every invoice.
 */
export const lineProperties = [
  'desc',
  'subprice',
  'qty',
  'tva_tx',
  'localtax1_tx',
  'localtax2_tx',
  'fk_product',
  'remise_percent',
  'date_start',
  'date_end',
  'fk_code_ventilation',
  'info_bits',
  'fk_remise_except',
  'product_type',
  'rang',
  'special_code',
  'fk_parent_line',
  'fk_fournprice',
  'pa_ht',
  'label',
  'array_options',
  'situation_percent',
  'fk_prev_id',
  'fk_unit',
  'multicurrency_subprice',
  'ref_ext',
] as const;

/** Facture::addline() for each entry of `lines`: empty quantities and rates count as 0, as PHP's empty() does. */
export function toLines(state: EmulatorState, lines: unknown): InvoiceLineRecord[] {
  if (lines === undefined || lines === null) return [];
  if (!Array.isArray(lines)) throw new RestException(500, 'Error creating invoice', ['lines must be an array']);
  return lines.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) throw new RestException(500, 'Error creating invoice', ['bad line']);
    const line = entry as Record<string, unknown>;
    for (const property of lineProperties) {
      if (!(property in line)) state.warnings.push(`Warning: Undefined property: stdClass::$${property} in facture.class.php`);
    }
    const subprice = Number(line.subprice ?? 0) || 0;
    const qty = Number(line.qty ?? 0) || 0;
    const tva_tx = Number(line.tva_tx ?? 0) || 0;
    const totals = lineTotals(subprice, qty, tva_tx);
    return {
      id: nextRowid(state, 'line'),
      desc: String(line.desc ?? line.description ?? ''),
      subprice,
      qty,
      tva_tx,
      product_type: Number(line.product_type ?? 0) || 0,
      total_ht: totals.totalHtCents / 100,
      total_tva: totals.totalTvaCents / 100,
      total_ttc: totals.totalTtcCents / 100,
    };
  });
}
