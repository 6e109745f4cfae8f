import type { EventData, Locale } from '@lumira/contracts/events';
import type { LocaleCopy } from './locale-copy.js';
import type { MailContent, ShopIdentity } from './mail-content.js';
import { renderHtml, renderText } from './mail-layout.js';
import { englishCopy } from './templates-en.js';
import { frenchCopy } from './templates-fr.js';

export type { ShopIdentity } from './mail-content.js';

export type MailKind =
  'order.completed' | 'order.failed' | 'order.refunded' | 'order.refund_failed' | 'fulfilment.reading.delivered' | 'fulfilment.sign-in.requested';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const copies: Record<Locale, LocaleCopy> = { fr: frenchCopy, en: englishCopy };

function compose<K extends MailKind>(kind: K, data: EventData<K>, shop: ShopIdentity): MailContent {
  const copy = copies[data.locale] ?? frenchCopy;
  switch (kind) {
    case 'order.completed':
      return copy.completed(data as EventData<'order.completed'>, shop);
    case 'order.failed':
      return copy.failed(data as EventData<'order.failed'>, shop);
    case 'fulfilment.reading.delivered':
      return copy.readingReady(data as EventData<'fulfilment.reading.delivered'>, shop);
    case 'fulfilment.sign-in.requested':
      return copy.signInLink(data as EventData<'fulfilment.sign-in.requested'>, shop);
    case 'order.refunded':
      return copy.refunded(data as EventData<'order.refunded'>, shop);
    default:
      return copy.refundFailed(data as EventData<'order.refund_failed'>, shop);
  }
}

/** The mail one event sends to its customer, in the customer's language (French unless told). */
export function renderMail<K extends MailKind>(kind: K, data: EventData<K>, shop: ShopIdentity): RenderedMail {
  const content = compose(kind, data, shop);
  // A product name is shop data, but a line break in it must never reach a mail header.
  const subject = content.subject.replace(/\s+/g, ' ').trim();
  const safe = { ...content, subject };
  return { subject, html: renderHtml(safe), text: renderText(safe) };
}
