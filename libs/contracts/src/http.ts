import { z } from 'zod';
import { currencySchema, productSchema } from './catalog.js';
import { accessStatusSchema, localeSchema, refundStatusSchema } from './events.js';

/** The one error body every service and the gateway answer with. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const catalogProductSchema = productSchema.extend({ free: z.boolean() });
export const productListSchema = z.object({ products: z.array(catalogProductSchema) });

/** The seed's own wording for a bad address is kept: the frontend already shows it. */
export const createPaymentIntentBodySchema = z.object({
  productId: z.string().min(1).max(64),
  customerEmail: z
    .string()
    .max(254)
    .pipe(z.email({ message: 'Please enter a valid email' })),
  customerName: z.string().trim().min(1).max(200).optional(),
  locale: localeSchema.optional(),
});
export type CreatePaymentIntentBody = z.infer<typeof createPaymentIntentBodySchema>;

export const idempotencyKeyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional(),
});

export const freeCheckoutReplySchema = z.object({
  orderId: z.string(),
  orderToken: z.string(),
  status: z.literal('completed'),
});
export const paidCheckoutReplySchema = z.object({
  clientSecret: z.string(),
  paymentIntentId: z.string(),
  orderId: z.string(),
  orderToken: z.string(),
  amount: z.number().int(),
  currency: currencySchema,
  productName: z.string(),
});
export const checkoutReplySchema = z.union([paidCheckoutReplySchema, freeCheckoutReplySchema]);
export type CheckoutReply = z.infer<typeof checkoutReplySchema>;

export const orderStatusSchema = z.enum(['pending', 'completed', 'failed', 'canceled', 'refunded']);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const accessSchema = z.object({
  level: z.number().int(),
  status: accessStatusSchema,
  grantedAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});

export const orderViewSchema = z.object({
  id: z.string(),
  status: orderStatusSchema,
  productId: z.string(),
  level: z.number().int(),
  productName: z.string(),
  amount: z.number().int(),
  currency: currencySchema,
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  access: accessSchema.nullable(),
  failure: z.object({ code: z.string(), declineCode: z.string().nullish(), message: z.string() }).nullable(),
  /** Refunded so far (refunds pending or succeeded at Stripe; a lost dispute is shown to admins). */
  amountRefunded: z.number().int(),
  /**
   * The PaymentIntent as Stripe has it, for a pending order read by its customer: `requires_action` with
   * the `next_action` Stripe.js must handle (3-D Secure), `processing` for a debit not yet settled.
   */
  payment: z
    .object({
      status: z.string(),
      nextAction: z.object({ type: z.string(), redirectUrl: z.string().nullable() }).nullable(),
    })
    .nullable(),
});
export type OrderView = z.infer<typeof orderViewSchema>;

export const orderParamsSchema = z.object({ id: z.string().min(1).max(100) });

export const adminOrderSchema = orderViewSchema.extend({
  userId: z.string(),
  customerEmail: z.string(),
  paymentIntentId: z.string().nullable(),
  refunds: z.array(
    z.object({ id: z.string(), amount: z.number().int(), status: refundStatusSchema, failureReason: z.string().nullable(), updatedAt: z.iso.datetime() }),
  ),
  disputes: z.array(z.object({ id: z.string(), amount: z.number().int(), status: z.string(), reason: z.string(), updatedAt: z.iso.datetime() })),
});
export type AdminOrder = z.infer<typeof adminOrderSchema>;

/** `POST /api/admin/orders/:id/refund`: the whole rest of the payment (no body, or `{}`), or `amount` (minor units) of it. */
export const adminRefundBodySchema = z.preprocess(
  (body) => body ?? {},
  z
    .object({
      amount: z.number().int().positive().max(99_999_999).optional(),
      reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
    })
    .strict(),
);
/** Required on the refund route: a retried request (a timeout, a double click) refunds once. */
export const requiredIdempotencyKeySchema = z.object({
  'idempotency-key': z
    .string({ message: 'the Idempotency-Key header is required: a retried refund must not refund twice' })
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
});
/** Accepted by Stripe; the order changes when Stripe's webhook (or a sync) reports the refund. */
export const adminRefundReplySchema = z.object({
  orderId: z.string(),
  refundId: z.string(),
  amount: z.number().int(),
  status: z.string(),
});
export const adminOrdersQuerySchema = z.object({
  status: orderStatusSchema.optional(),
  email: z.string().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export const adminOrdersReplySchema = z.object({ orders: z.array(adminOrderSchema), nextCursor: z.string().nullable() });

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  locale: localeSchema,
  stripeCustomerId: z.string().nullable(),
  dolibarrCustomerId: z.number().int().nullable(),
  subscriptionStatus: z.enum(['active', 'inactive', 'trial']),
  totalOrders: z.number().int(),
  lastOrderAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type UserView = z.infer<typeof userViewSchema>;
export const adminUsersQuerySchema = z.object({ email: z.string().max(254).optional() });
export const adminUsersReplySchema = z.object({ users: z.array(userViewSchema) });

export const healthReplySchema = z.object({ status: z.literal('ok') });
export const readinessReplySchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  service: z.string(),
  checks: z.record(z.string(), z.object({ status: z.enum(['up', 'down', 'disabled']), detail: z.string().optional() })),
});
export type ReadinessReply = z.infer<typeof readinessReplySchema>;

export const webhookReplySchema = z.object({ received: z.literal(true), duplicate: z.boolean() });
