import { z } from 'zod';
import { currencySchema, productSchema } from './catalog.js';
import { localeSchema } from './events.js';

/** The one error body every service and the gateway answer with. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const productListSchema = z.object({ products: z.array(productSchema.extend({ free: z.boolean() })) });

/** The seed's own wording for a bad address is kept: the frontend already shows it. */
export const createPaymentIntentBodySchema = z.object({
  productId: z.string().min(1).max(64),
  customerEmail: z.string().max(254).pipe(z.email({ message: 'Please enter a valid email' })),
  customerName: z.string().trim().min(1).max(200).optional(),
  locale: localeSchema.optional(),
});
export type CreatePaymentIntentBody = z.infer<typeof createPaymentIntentBodySchema>;

export const idempotencyKeyHeaderSchema = z.object({
  'idempotency-key': z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces').optional(),
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
  status: z.enum(['active', 'revoked']),
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
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type OrderView = z.infer<typeof orderViewSchema>;

export const orderParamsSchema = z.object({ id: z.string().min(1).max(100) });

export const adminOrderSchema = orderViewSchema.extend({
  userId: z.string(),
  customerEmail: z.string(),
  paymentIntentId: z.string().nullable(),
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
