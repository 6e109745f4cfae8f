import createError from '@fastify/error';
import { createExposedError } from '@lumira/http';

// The seed's messages are kept word for word: the shop's frontend and support already know them.
export const InvalidProductError = createError<[string]>('INVALID_PRODUCT', 'Invalid product ID: %s', 400);
export const StripeNotConfiguredError = createExposedError('STRIPE_NOT_CONFIGURED', 'STRIPE_SECRET_KEY environment variable is required', 503);
export const PaymentIntentFailedError = createExposedError('PAYMENT_PROVIDER_ERROR', 'Failed to create payment intent', 502);
export const InvalidSignatureError = createError('INVALID_SIGNATURE', 'Invalid webhook signature', 400);
export const WebhookSecretMissingError = createExposedError('WEBHOOK_NOT_CONFIGURED', 'STRIPE_WEBHOOK_SECRET environment variable is required', 503);
/** 429: the free level's allowance for an address or a network is spent; the route adds Retry-After. */
export class FreeOrderLimitError extends createError('FREE_ORDER_LIMIT', 'Too many free orders %s; try again later', 429) {
  constructor(
    readonly retryAfterSeconds: number,
    by: 'address' | 'ip',
  ) {
    super(by === 'address' ? 'for this address' : 'from this network');
  }
}
export const IdempotencyKeyReusedError = createError(
  'IDEMPOTENCY_KEY_REUSED',
  'This Idempotency-Key was already used with a different request body; use a new key for a new purchase',
  422,
);
/** 503: the checkout reached CHECKOUT_TIMEOUT_MS; a retry with the same Idempotency-Key continues the same order. */
export const CheckoutTimeoutError = createExposedError('CHECKOUT_TIMEOUT', 'The purchase could not be prepared in time; please retry', 503);
