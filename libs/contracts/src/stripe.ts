import { z } from 'zod';

/**
 * The part of a Stripe webhook event we read after its signature is verified. It is only a signal: the
 * payment service reads the PaymentIntent back from Stripe before anything changes.
 */
export const stripeWebhookEventSchema = z.object({
  id: z.string().regex(/^evt_[A-Za-z0-9_]+$/),
  type: z.string().min(1).max(100),
  created: z.number().int(),
  /** The version the event was rendered at: the webhook endpoint's, or the account's default. */
  api_version: z.string().max(40).nullish(),
  data: z.object({
    // Only these three fields are read; the rest of Stripe's copy is dropped, never walked key by key.
    object: z.object({
      id: z.string().min(1),
      object: z.string(),
      payment_intent: z.string().nullish(),
    }),
  }),
});
export type StripeWebhookEvent = z.infer<typeof stripeWebhookEventSchema>;

/**
 * Event types that carry a payment's state, its refunds' or its disputes'; any other type is acknowledged
 * and ignored. The webhook endpoint in Stripe's dashboard should send these (README, "Stripe webhooks").
 */
export const paymentSignalTypes = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'charge.refunded',
  'charge.refund.updated',
  'refund.created',
  'refund.updated',
  'refund.failed',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
] as const;
export type PaymentSignalType = (typeof paymentSignalTypes)[number];

/** What a signal asks the payment service to read beyond the PaymentIntent itself. */
export function signalScope(type: string): { refunds: boolean; disputes: boolean } {
  return {
    refunds: type === 'charge.refunded' || type.startsWith('charge.refund.') || type.startsWith('refund.'),
    disputes: type.startsWith('charge.dispute.'),
  };
}
