import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** Every bus message travels in this envelope; `data` is validated per subject (see events.ts). */
export const envelopeSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.string().min(1),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().min(1).max(200),
  /**
   * The W3C trace context of the work that made the event, when tracing is on: kept with the message (in
   * an outbox, the in-process log, a dead letter) so its consumers continue the same trace.
   */
  traceparent: z
    .string()
    .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/)
    .optional(),
  tracestate: z.string().max(512).optional(),
  data: z.unknown(),
});
export type Envelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: T };

export interface EnvelopeOptions {
  /** Deterministic ids let JetStream and consumer inboxes absorb re-publications of the same fact. */
  id?: string;
  correlationId?: string;
  occurredAt?: Date;
}

export function makeEnvelope<T>(type: string, data: T, options: EnvelopeOptions = {}): Envelope<T> {
  return {
    id: options.id ?? randomUUID(),
    type,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    correlationId: options.correlationId ?? randomUUID(),
    data,
  };
}
