import type { Locale } from '@lumira/contracts/events';

/**
 * What a mail says, as plain strings: the copy never writes HTML, so the layout can escape every
 * string it places and a customer's name or a product name can never turn into markup.
 */
export interface MailContent {
  locale: Locale;
  subject: string;
  greeting: string;
  paragraphs: string[];
  facts: Array<{ label: string; value: string }>;
  action?: { label: string; url: string };
  closing: string[];
}

/** Who the mail speaks for; `accessUrl` is where bought products are read, `shopUrl` where one buys again. */
export interface ShopIdentity {
  name: string;
  supportEmail: string;
  accessUrl?: string;
  shopUrl?: string;
}
