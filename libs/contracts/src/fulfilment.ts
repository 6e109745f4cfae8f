import { z } from 'zod';
import { currencySchema, deliverableKindSchema, deliverablesSchema } from './catalog.js';
import { localeSchema } from './events.js';
import { errorBodySchema } from './http.js';

const isoDate = z.iso.datetime();
const id = z.string().min(1).max(100);

// ---- experts (admin) ---------------------------------------------------------------------------

export const createExpertBodySchema = z.object({
  email: z.string().max(254).pipe(z.email()),
  name: z.string().trim().min(1).max(120),
});
export const expertViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  createdAt: isoDate,
  revokedAt: isoDate.nullable(),
});
/** The only time the credential is shown: it is stored hashed. */
export const createExpertReplySchema = expertViewSchema.extend({ token: z.string() });
export const expertListReplySchema = z.object({ experts: z.array(expertViewSchema) });
export const expertParamsSchema = z.object({ id });

// ---- readings (the Expert App) -----------------------------------------------------------------

/**
 * queued: waiting for an expert; in_progress: claimed, files being made; delivered: in the customer's
 * space; suspended: a payment dispute is open (nothing moves, links fail); revoked: refunded or dispute lost.
 */
export const readingStatusSchema = z.enum(['queued', 'in_progress', 'delivered', 'suspended', 'revoked']);
export type ReadingStatus = z.infer<typeof readingStatusSchema>;
export const revocationReasonSchema = z.enum(['refunded', 'dispute_lost']);
export type RevocationReason = z.infer<typeof revocationReasonSchema>;

export const fileViewSchema = z.object({
  kind: deliverableKindSchema,
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  durationSeconds: z.number().nullable(),
  uploadedAt: isoDate,
  /** A signed link that works until `expiresAt`, and not at all once the reading is suspended or revoked. */
  url: z.string(),
  expiresAt: isoDate,
});
export type FileView = z.infer<typeof fileViewSchema>;

export const expertReadingViewSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  status: readingStatusSchema,
  productId: z.string(),
  productName: z.string(),
  level: z.number().int(),
  customerName: z.string().nullable(),
  locale: localeSchema,
  deliverables: deliverablesSchema,
  files: z.array(fileViewSchema),
  missing: z.array(deliverableKindSchema),
  claimedBy: z.string().nullable(),
  claimedAt: isoDate.nullable(),
  queuedAt: isoDate,
  deliveredAt: isoDate.nullable(),
});
export type ExpertReadingView = z.infer<typeof expertReadingViewSchema>;

export const readingListQuerySchema = z.object({
  status: readingStatusSchema.default('queued'),
  level: z.coerce.number().int().min(1).max(99).optional(),
  /** Only the readings this expert holds. */
  mine: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(300).optional(),
});
export const readingListReplySchema = z.object({ readings: z.array(expertReadingViewSchema), nextCursor: z.string().nullable() });
export const readingParamsSchema = z.object({ id });
export const readingFileParamsSchema = z.object({ id, kind: deliverableKindSchema });

/** Delivery refused: the error names what is still missing, in words and as a list the Expert App can show. */
export const deliveryRefusedBodySchema = z.object({
  error: errorBodySchema.shape.error.extend({ missing: z.array(deliverableKindSchema) }),
});

// ---- the customer space --------------------------------------------------------------------------

export const signInBodySchema = z.object({
  email: z
    .string()
    .max(254)
    .pipe(z.email({ message: 'Please enter a valid email' })),
  locale: localeSchema.optional(),
});
export const signInAcceptedReplySchema = z.object({ accepted: z.literal(true) });
export const sessionBodySchema = z.object({ token: z.string().min(20).max(200) });
export const sessionReplySchema = z.object({ sessionToken: z.string(), expiresAt: isoDate });

export const customerReadingViewSchema = z.object({
  readingId: z.string(),
  orderId: z.string(),
  productId: z.string(),
  productName: z.string(),
  level: z.number().int(),
  amount: z.number().int(),
  currency: currencySchema,
  purchasedAt: isoDate,
  status: readingStatusSchema,
  promised: deliverablesSchema,
  deliveredAt: isoDate.nullable(),
  suspended: z.object({ reason: z.literal('dispute_open'), since: isoDate }).nullable(),
  revoked: z.object({ reason: revocationReasonSchema, at: isoDate }).nullable(),
  /** Only while the reading is delivered and neither suspended nor revoked. */
  files: z.array(fileViewSchema),
});
export type CustomerReadingView = z.infer<typeof customerReadingViewSchema>;
export const meReplySchema = z.object({ email: z.string(), readings: z.array(customerReadingViewSchema) });

/** A reading file as it is downloaded: its bytes, of the type it was uploaded as. */
export const fileBytesSchema = z.string().meta({ format: 'binary', description: 'The file, whole (200) or the range asked (206)' });
export const downloadParamsSchema = z.object({ readingId: id, fileId: id });
export const downloadQuerySchema = z.object({
  expires: z.coerce.number().int().min(0),
  signature: z.string().min(1).max(200),
});
