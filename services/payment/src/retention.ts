import type { Collection } from '@lumira/store';
import type { CheckoutRequest } from './checkout-request.js';
import type { WebhookEventDoc } from './webhook-event.js';

const DAY_SECONDS = 86_400;

export interface RetentionDays {
  webhookEvents: number;
  checkoutRequests: number;
}

/**
 * TTL indexes (MongoDB's monitor, the embedded store's sweeper): a webhook event is kept while Stripe may still
 * deliver it again or list it as missed (the variables' floors say why), a checkout request while a client may
 * still retry with its key or join its open purchase. Both fields are Dates set at insert, so every document expires.
 */
export async function createRetentionIndexes(events: Collection<WebhookEventDoc>, requests: Collection<CheckoutRequest>, days: RetentionDays): Promise<void> {
  await Promise.all([
    events.createIndex('receivedAt', { expireAfterSeconds: days.webhookEvents * DAY_SECONDS }),
    requests.createIndex('createdAt', { expireAfterSeconds: days.checkoutRequests * DAY_SECONDS }),
  ]);
}
