import { z } from 'zod';

/**
 * credit-note: one per refund; credit-note-reversal: a refund that failed at the bank, its credit note
 * withdrawn or cancelled by an invoice; chargeback: a lost dispute's credit note.
 */
export const crmJobKindSchema = z.enum(['customer', 'invoice', 'credit-note', 'credit-note-reversal', 'chargeback']);
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
  /** Dolibarr's clock as crm-sync reads it: from DOLIBARR_TIMEZONE, or learned (offsets in minutes east of UTC). */
  clock: z
    .object({
      source: z.enum(['config', 'learned']),
      database: z.string(),
      php: z.string(),
      learnedAt: z.iso.datetime().nullable(),
    })
    .nullable(),
  /** What crm-sync changed or left for a person (a name cut to Dolibarr's column size, a duplicate), newest first. */
  notes: z.array(z.object({ jobId: z.string(), message: z.string(), at: z.iso.datetime() })),
  jobs: z.array(
    z.object({
      id: z.string(),
      kind: crmJobKindSchema,
      status: crmJobStatusSchema,
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      nextAttemptAt: z.iso.datetime().nullable(),
      notes: z.array(z.string()),
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

const maxAuditDays = 400;
const dayMs = 86_400_000;

/** A range of completion dates: 30 days up to now unless told, never more than 400 days at once. */
export const crmAuditQuerySchema = z
  .object({
    from: z.iso.datetime({ message: 'from must be an ISO 8601 date-time, e.g. 2026-01-01T00:00:00Z' }).optional(),
    to: z.iso.datetime({ message: 'to must be an ISO 8601 date-time, e.g. 2026-02-01T00:00:00Z' }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict()
  .transform((q) => {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * dayMs);
    return { from, to, limit: q.limit };
  })
  .refine((q) => q.from < q.to, { message: 'from must be before to' })
  .refine((q) => q.to.getTime() - q.from.getTime() <= maxAuditDays * dayMs, { message: `the range may cover at most ${maxAuditDays} days` });

export const crmAuditFindingSchema = z.object({
  kind: z.enum(['invoice', 'credit-note']),
  orderId: z.string(),
  refExt: z.string(),
  problem: z.enum(['missing', 'duplicated', 'amount_mismatch', 'not_validated', 'unpaid']),
  expectedCents: z.number().int(),
  foundCents: z.number().int().nullable(),
  documents: z.array(
    z.object({
      id: z.number().int(),
      ref: z.string(),
      status: z.enum(['draft', 'validated', 'paid', 'abandoned']),
      paid: z.boolean(),
      totalCents: z.number().int(),
    }),
  ),
  /** resync: POST /api/admin/crm/repair fixes it; person: someone must act in Dolibarr (a validated document). */
  fix: z.enum(['resync', 'person']),
});

export const crmAuditReplySchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  orders: z.number().int(),
  documents: z.number().int(),
  truncated: z.boolean(),
  findings: z.array(crmAuditFindingSchema),
});
export type CrmAuditReply = z.infer<typeof crmAuditReplySchema>;

/** The orders to repair: by id, at most 100 at once. */
export const crmRepairBodySchema = z.object({ orderIds: z.array(z.string().min(1).max(100)).min(1).max(100) }).strict();

export const crmRepairReplySchema = z.object({
  /** Jobs opened again: the worker brings their documents in line. */
  rearmed: z.array(z.string()),
  /** Order ids not known to crm-sync (never completed here, or past CRM_LEDGER_RETENTION_DAYS). */
  unknown: z.array(z.string()),
  needsPerson: z.array(crmAuditFindingSchema),
  findings: z.array(crmAuditFindingSchema),
});
