import { z } from 'zod';

export const notificationKindSchema = z.enum([
  'order.completed',
  'order.failed',
  'order.refunded',
  'order.refund_failed',
  'fulfilment.reading.delivered',
  'fulfilment.sign-in.requested',
]);
/** pending: waiting for its first send; failed: a retryable failure, another try is scheduled; dead: given up. */
export const notificationStatusSchema = z.enum(['pending', 'sent', 'failed', 'dead']);

export const notificationViewSchema = z.object({
  id: z.string(),
  kind: notificationKindSchema,
  /** Null for a mail about no order (a sign-in link). */
  orderId: z.string().nullable(),
  status: notificationStatusSchema,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  nextAttemptAt: z.iso.datetime().nullable(),
  sentAt: z.iso.datetime().nullable(),
  providerMessageId: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;

export const notificationListQuerySchema = z.object({
  orderId: z.string().max(100).optional(),
  status: notificationStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const notificationListReplySchema = z.object({ notifications: z.array(notificationViewSchema) });
export const notificationParamsSchema = z.object({ id: z.string().min(1).max(200) });
export const notificationRetryReplySchema = z.object({ id: z.string(), status: z.literal('pending') });
