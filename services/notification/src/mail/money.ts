import type { Locale } from '@lumira/contracts/events';

const intlLocales: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

/**
 * Formats an amount held in the currency's minor unit (Stripe's convention: 1400 = 14,00 €, 500 JPY = ¥500).
 * The minor unit's size comes from Intl, so zero-decimal currencies need no table of their own.
 */
export function formatAmount(amount: number, currency: string, locale: Locale): string {
  const format = new Intl.NumberFormat(intlLocales[locale], { style: 'currency', currency: currency.toUpperCase() });
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** decimals);
}
