import { z } from 'zod';

/**
 * The part of a Stripe webhook event we read after its signature is verified. It is only a signal: the
 * payment service reads the PaymentIntent back from Stripe before anything changes.
 */
export const stripeWebhookEventSchema = z.object({
  id: z.string().regex(/^evt_[A-Za-z0-9_]+$/),
  type: z.string().min(1).max(100),
  created: z.number().int(),
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

/** Event types that carry a payment's state; any other type is acknowledged and ignored. */
export const paymentSignalTypes = ['payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled', 'charge.refunded'] as const;
