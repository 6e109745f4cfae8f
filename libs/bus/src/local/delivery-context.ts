import type { Envelope, EventType } from '@lumira/contracts';
import type { Logger } from 'pino';
import type { EventContext } from '../bus.js';
import { flowIds } from '../flow-ids.js';

/** What a handler of the in-process bus is told about one delivery of a message. */
export function deliveryContext(o: { envelope: Envelope; deliveries: number; durable: string; log: Logger; working: () => void }): EventContext {
  const { envelope, durable } = o;
  let log: Logger | undefined;
  return {
    id: envelope.id,
    type: envelope.type as EventType,
    correlationId: envelope.correlationId,
    occurredAt: envelope.occurredAt,
    deliveries: o.deliveries,
    // Most deliveries log nothing: the child logger is made on first use, not for every message.
    get log() {
      log ??= o.log.child({ durable, event: envelope.type, eventId: envelope.id, correlationId: envelope.correlationId, ...flowIds(envelope.data) });
      return log;
    },
    working: o.working,
  };
}
