/**
 * Turns a price paid with tax included into the net unit price Dolibarr wants, so that the invoice Dolibarr
 * computes carries exactly the amount the customer paid.
 *
 * Dolibarr (calcul_price_total, price base 'HT') computes a line as
 *   total_ht  = round(subprice × qty, 2)
 *   total_ttc = round(subprice × qty × (1 + rate/100), 2)      rounded from the unrounded net amount
 *   total_tva = total_ttc − total_ht
 * with PHP's round (half away from zero), and the invoice totals are the sums of its lines.
 *
 * Rounding choice: the net unit price is gross / (1 + rate) at the fewest decimals (2, then 3, 4, 5) for
 * which Dolibarr's total_ttc lands exactly on the gross amount. Two decimals work for most prices and read
 * well on the invoice (14.00 at 20 % → 11.67 + 2.33). They cannot reach every amount: at 20 % a gross of
 * 0.03 is out of reach (0.02 and 0.03 net give 0.02 and 0.04 with tax), 0.024 net is needed. Dolibarr keeps
 * unit prices with up to 5 decimals (MAIN_MAX_DECIMALS_UNIT), and at 5 decimals the error on the total with
 * tax is below 0.000005 × (1 + rate) × qty, far from the half cent that would change the rounding.
 * A candidate that lands within a hair of a half cent is skipped, since PHP versions round such ties
 * differently.
 */

export interface GrossPrice {
  /** Price of one unit, tax included, in cents (1400 = 14,00 €). */
  unitGrossCents: number;
  /** VAT rate in percent. */
  vatRate?: number;
  quantity?: number;
}

export interface NetLine {
  netUnitPrice: number;
  quantity: number;
  vatRate: number;
  /** What Dolibarr will compute for the line, in cents. */
  totalNetCents: number;
  totalVatCents: number;
  totalGrossCents: number;
}

const maxDecimals = 5;

export function netLineFromGross({ unitGrossCents, vatRate = 20, quantity = 1 }: GrossPrice): NetLine {
  if (!Number.isInteger(unitGrossCents) || unitGrossCents < 0) {
    throw new RangeError(`unitGrossCents must be a whole number of cents: ${unitGrossCents}`);
  }
  if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError(`quantity must be a positive integer: ${quantity}`);
  if (!(vatRate >= 0 && vatRate < 100)) throw new RangeError(`vatRate must be a percentage: ${vatRate}`);
  const targetCents = unitGrossCents * quantity;
  const exactNet = unitGrossCents / 100 / (1 + vatRate / 100);
  for (let decimals = 2; decimals <= maxDecimals; decimals += 1) {
    const scale = 10 ** decimals;
    const nearest = Math.round(exactNet * scale);
    for (const units of [nearest, nearest - 1, nearest + 1]) {
      const netUnitPrice = units / scale;
      const totals = dolibarrLineTotals(netUnitPrice, quantity, vatRate);
      if (totals && totals.totalGrossCents === targetCents) return { netUnitPrice, quantity, vatRate, ...totals };
    }
  }
  throw new RangeError(`no net price up to ${maxDecimals} decimals gives ${targetCents} cents at ${vatRate} %`);
}

/** The line totals Dolibarr computes, or undefined when its rounding would sit on a tie. */
export function dolibarrLineTotals(
  subprice: number,
  quantity: number,
  vatRate: number,
): { totalNetCents: number; totalVatCents: number; totalGrossCents: number } | undefined {
  const net = subprice * quantity;
  const gross = net * (1 + vatRate / 100);
  const totalNetCents = phpRoundCents(net);
  const totalGrossCents = phpRoundCents(gross);
  if (totalNetCents === undefined || totalGrossCents === undefined) return undefined;
  return { totalNetCents, totalVatCents: totalGrossCents - totalNetCents, totalGrossCents };
}

/** round(amount, 2) in cents, half away from zero; undefined within 1e-6 cent of a tie. */
function phpRoundCents(amount: number): number | undefined {
  const scaled = Math.abs(amount) * 100;
  if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) return undefined;
  return Math.sign(amount) * Math.round(scaled);
}
