import { z } from 'zod';

/** A dead letter as the admin API shows it: enough to see why, and whether it can be sent again. */
export const deadLetterViewSchema = z.object({
  id: z.string(),
  subject: z.string(),
  durable: z.string(),
  deliveries: z.number().int(),
  reason: z.string(),
  deadAt: z.iso.datetime(),
  /** The event's own id, or null when the message was not even a readable event. */
  eventId: z.string().nullable(),
  /** False when the message cannot be read as an event: there is nothing to send again. */
  replayable: z.boolean(),
  payload: z.string(),
});
export type DeadLetterView = z.infer<typeof deadLetterViewSchema>;

export const deadLettersQuerySchema = z.object({
  durable: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._:-]+$/, 'a cursor from a previous page')
    .optional(),
});
export const deadLettersReplySchema = z.object({ deadLetters: z.array(deadLetterViewSchema), nextCursor: z.string().nullable() });

export const deadLetterParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._:-]+$/, 'a dead letter id'),
});
export const deadLetterReplayReplySchema = z.object({ replayed: z.literal(true), deadLetter: deadLetterViewSchema });
