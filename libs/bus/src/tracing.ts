import { consumerGroupServices, type Envelope } from '@lumira/contracts';
import { activeTraceCarrier, contextFromCarrier, inSpan, markFailed, SpanKind, tracingEnabled, type TraceCarrier } from '@lumira/telemetry';
import type { Outcome } from './delivery.js';

/** The service a group or an RPC subject (`rpc.<service>.<verb>`) belongs to, as its spans name it. */
export function serviceOfGroup(durable: string): string {
  return (consumerGroupServices as Record<string, string>)[durable] ?? durable;
}
export function serviceOfRpc(subject: string): string {
  return subject.split('.')[1] ?? subject;
}

/** The envelope with the active trace context stamped on it (the same object when tracing is off). */
export function stampTrace<E extends Envelope>(envelope: E): E {
  const carrier = activeTraceCarrier();
  return carrier ? { ...envelope, ...carrier } : envelope;
}

/** The trace fields of an envelope, for NATS headers. */
export function carrierOf(envelope: Envelope): TraceCarrier | undefined {
  if (!envelope.traceparent) return undefined;
  return envelope.tracestate ? { traceparent: envelope.traceparent, tracestate: envelope.tracestate } : { traceparent: envelope.traceparent };
}

export interface DeliveryTrace {
  durable: string;
  subject: string;
  eventId: string;
  deliveries: number;
  transport: 'memory' | 'nats';
  /** Where the producer's context travelled: NATS headers, or the envelope kept in the in-process log. */
  carrier: TraceCarrier | undefined;
}

/** A consumer span around one delivery, child of the producer's context; just `run()` when tracing is off. */
export async function traceDelivery(t: DeliveryTrace, run: () => Promise<Outcome>): Promise<Outcome> {
  if (!tracingEnabled()) return await run();
  const attributes = {
    'messaging.system': t.transport === 'nats' ? 'nats' : 'lumira-memory-bus',
    'messaging.operation.type': 'process',
    'messaging.destination.name': t.subject,
    'messaging.consumer.group.name': t.durable,
    'messaging.message.id': t.eventId,
    'lumira.deliveries': t.deliveries,
  };
  return await inSpan(
    serviceOfGroup(t.durable),
    `process ${t.subject}`,
    { kind: SpanKind.CONSUMER, parent: contextFromCarrier(t.carrier as Record<string, unknown> | undefined), attributes },
    async (span) => {
      const outcome = await run();
      span?.setAttribute('lumira.outcome', outcome.kind);
      if (outcome.kind !== 'ack') markFailed(span, outcome.reason);
      return outcome;
    },
  );
}

/** A server span around one RPC, child of the caller's context. */
export async function traceRpc<T>(subject: string, carrier: TraceCarrier | undefined, run: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return await run();
  return await inSpan(
    serviceOfRpc(subject),
    subject,
    {
      kind: SpanKind.SERVER,
      parent: contextFromCarrier(carrier as Record<string, unknown> | undefined),
      attributes: { 'rpc.system': 'lumira-bus', 'rpc.method': subject },
    },
    run,
  );
}
