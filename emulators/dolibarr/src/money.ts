/**
 * PHP's round() as Dolibarr's price2num() uses it: half away from zero, after a pre-rounding to 15
 * significant digits so that 1.005 rounds to 1.01 as it does in PHP (a plain Math.round gives 1.00).
 */
export function phpRound(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  return (Math.sign(value) * Math.round(scaled)) / factor;
}

export function toCents(amount: number): number {
  return Math.round(phpRound(amount, 2) * 100);
}

export interface LineTotals {
  totalHtCents: number;
  totalTvaCents: number;
  totalTtcCents: number;
}

/**
 * calcul_price_total() with price_base_type 'HT', no discount, no local taxes: the total with tax is rounded
 * from the unrounded net total, and the VAT is what is left once the rounded net total is taken away.
 */
export function lineTotals(subprice: number, qty: number, vatRate: number): LineTotals {
  const net = ((subprice * qty * 100) / 100) * (1 - 0 / 100) * (1 - 0 / 100);
  const totalHtCents = toCents(net);
  const totalTtcCents = toCents(net * (1 + vatRate / 100));
  return { totalHtCents, totalTvaCents: totalTtcCents - totalHtCents, totalTtcCents };
}

/** Dolibarr reads amounts from double(24,8) columns through mysqli, so they reach JSON as strings. */
export function dbAmount(cents: number): string {
  return (cents / 100).toFixed(8);
}

export function dbDecimal(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/** price2num(…, 'MT') returns a trimmed string ("14", "2.33"), which is what remaintopay carries. */
export function trimmedAmount(cents: number): string {
  return String(cents / 100);
}
