import type { EventData } from '@lumira/contracts/events';
import type { MailContent, ShopIdentity } from './mail-content.js';

/** One language's wording of every mail the service sends. */
export interface LocaleCopy {
  completed(order: EventData<'order.completed'>, shop: ShopIdentity): MailContent;
  failed(order: EventData<'order.failed'>, shop: ShopIdentity): MailContent;
  refunded(order: EventData<'order.refunded'>, shop: ShopIdentity): MailContent;
  readingReady(reading: EventData<'fulfilment.reading.delivered'>, shop: ShopIdentity): MailContent;
  signInLink(request: EventData<'fulfilment.sign-in.requested'>, shop: ShopIdentity): MailContent;
  refundFailed(order: EventData<'order.refund_failed'>, shop: ShopIdentity): MailContent;
}

/**
 * The link a sign-in mail carries: the space's page with the one-time token in the fragment, which the
 * browser never sends to a server, so it stays out of access logs and Referer headers.
 */
export function signInUrl(accessUrl: string, token: string): string {
  const url = new URL(accessUrl);
  url.hash = `token=${encodeURIComponent(token)}`;
  return url.toString();
}

export interface FailureExplanation {
  reason: string;
  advice: string;
}

/**
 * Stripe's codes the customer can act on, in plain words: the issuer's decline code first (the more
 * precise, `insufficient_funds`), then Stripe's error code (`card_declined`). Any other code falls back
 * to Stripe's own message, which Stripe writes for end customers (in English).
 */
export function explainFailure(
  failure: { code: string; declineCode?: string | null | undefined; message: string },
  known: Record<string, FailureExplanation>,
  fallback: FailureExplanation,
): FailureExplanation {
  for (const code of [failure.declineCode, failure.code]) {
    if (code && Object.hasOwn(known, code)) return known[code] as FailureExplanation;
  }
  const stripeMessage = failure.message.trim();
  return stripeMessage ? { reason: stripeMessage, advice: fallback.advice } : fallback;
}
