import { createHash } from 'node:crypto';
import type { StripeWebhookEvent } from '@lumira/contracts/stripe';
import { createEvent, type OutboxFields } from '@lumira/bus';
import { insertIfAbsent, type Collection } from '@lumira/store';

/** A verified Stripe event, recorded once by its id together with the signal it must put on the bus. */
export interface WebhookEventDoc extends OutboxFields {
  _id: string;
  type: string;
  paymentIntentId: string;
  receivedAt: Date;
}

export function paymentIntentIdOf(event: StripeWebhookEvent): string | null {
  const object = event.data.object;
  if (object.object === 'payment_intent') return object.id;
  return object.payment_intent ?? null;
}

/** Envelope ids are at most 200 characters; the store's keys should stay short as well. */
const MAX_KEY_LENGTH = 150;

/**
 * Stripe's event ids are ~30 characters, but nothing in its API bounds them: a longer one is keyed by
 * its SHA-256, so the same event still maps to the same key and a redelivery is still a duplicate.
 */
export function webhookEventKey(eventId: string): string {
  return eventId.length <= MAX_KEY_LENGTH ? eventId : `sha256:${createHash('sha256').update(eventId).digest('hex')}`;
}

/**
 * The insert is the acceptance: the signal rides in the same document, so a crash after the 2xx
 * leaves it there for the outbox relay. A repeated event id is a duplicate and changes nothing.
 */
export async function recordWebhookEvent(
  events: Collection<WebhookEventDoc>,
  event: StripeWebhookEvent,
  paymentIntentId: string,
  correlationId: string,
): Promise<WebhookEventDoc | null> {
  const key = webhookEventKey(event.id);
  const signal = createEvent(
    'payment.signal',
    { stripeEventId: event.id, stripeEventType: event.type, paymentIntentId },
    { id: `payment.signal:${key}`, correlationId },
  );
  const doc: WebhookEventDoc = { _id: key, type: event.type, paymentIntentId, receivedAt: new Date(), outbox: [signal], outboxPendingSince: Date.now() };
  return (await insertIfAbsent(events, doc)) ? doc : null;
}
