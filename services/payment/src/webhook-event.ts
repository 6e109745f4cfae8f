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
  const signal = createEvent(
    'payment.signal',
    { stripeEventId: event.id, stripeEventType: event.type, paymentIntentId },
    { id: `payment.signal:${event.id}`, correlationId },
  );
  const doc: WebhookEventDoc = { _id: event.id, type: event.type, paymentIntentId, receivedAt: new Date(), outbox: [signal], outboxPendingSince: Date.now() };
  return (await insertIfAbsent(events, doc)) ? doc : null;
}
