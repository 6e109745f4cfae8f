import { z } from 'zod';

export const crmJobKindSchema = z.enum(['customer', 'invoice', 'credit-note']);
/** pending: waiting for (another) try; done: in Dolibarr; failed: refused by Dolibarr, waits for a resync. */
export const crmJobStatusSchema = z.enum(['pending', 'done', 'failed']);

const lastErrorSchema = z.object({ message: z.string(), jobId: z.string().nullable(), at: z.iso.datetime() });

export const crmStatusReplySchema = z.object({
  enabled: z.boolean(),
  dolibarrUrl: z.string().nullable(),
  backlog: z.number().int(),
  failed: z.number().int(),
  lastPushAt: z.iso.datetime().nullable(),
  lastPullAt: z.iso.datetime().nullable(),
  pullCursor: z.iso.datetime().nullable(),
  lastError: lastErrorSchema.nullable(),
  jobs: z.array(
    z.object({
      id: z.string(),
      kind: crmJobKindSchema,
      status: crmJobStatusSchema,
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      nextAttemptAt: z.iso.datetime().nullable(),
    }),
  ),
});
export type CrmStatusReply = z.infer<typeof crmStatusReplySchema>;

export const crmStatusQuerySchema = z.object({ limit: z.coerce.number().int().min(0).max(200).default(20) });

/** Exactly one of the two: a customer (its thirdparty) or an order (its invoice and credit note). */
export const crmResyncBodySchema = z.union([
  z.object({ userId: z.string().min(1).max(100) }).strict(),
  z.object({ orderId: z.string().min(1).max(100) }).strict(),
]);
export const crmResyncReplySchema = z.object({ jobs: z.array(z.string()) });
