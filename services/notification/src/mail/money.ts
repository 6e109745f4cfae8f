import type { Locale } from '@lumira/contracts/events';

const intlLocales: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

interface CurrencyFormat {
  format: Intl.NumberFormat;
  decimals: number;
}

/** Building an Intl.NumberFormat costs far more than using one, and a shop has a handful of currencies. */
const formats = new Map<string, CurrencyFormat>();

function currencyFormat(currency: string, locale: Locale): CurrencyFormat {
  const key = `${locale}:${currency}`;
  let entry = formats.get(key);
  if (!entry) {
    const format = new Intl.NumberFormat(intlLocales[locale], { style: 'currency', currency: currency.toUpperCase() });
    entry = { format, decimals: format.resolvedOptions().maximumFractionDigits ?? 2 };
    formats.set(key, entry);
  }
  return entry;
}

/**
 * Formats an amount held in the currency's minor unit (Stripe's convention: 1400 = 14,00 €, 500 JPY = ¥500).
 * The minor unit's size comes from Intl, so zero-decimal currencies need no table of their own.
 */
export function formatAmount(amount: number, currency: string, locale: Locale): string {
  const { format, decimals } = currencyFormat(currency, locale);
  return format.format(amount / 10 ** decimals);
}
