import type { Locale } from '@lumira/contracts/events';

/**
 * What a mail says, as plain strings: the copy never writes HTML, so the layout can escape every
 * string it places and a customer's name or a product name can never turn into markup.
 */
export interface MailContent {
  locale: Locale;
  subject: string;
  greeting: string;
  paragraphs: Paragraph[];
  facts: Array<{ label: string; value: string }>;
  action?: { label: string; url: string };
  closing: string[];
}

/** A sentence with a link inside it ("sign in to <your space> with …"): still plain strings, escaped by the layout. */
export interface LinkedSentence {
  before: string;
  link: { label: string; url: string };
  after: string;
}
export type Paragraph = string | LinkedSentence;

/** Who the mail speaks for; `accessUrl` is where bought products are read, `shopUrl` where one buys again. */
export interface ShopIdentity {
  name: string;
  supportEmail: string;
  accessUrl?: string;
  shopUrl?: string;
}
