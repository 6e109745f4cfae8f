import { setTimeout as sleep } from 'node:timers/promises';
import type { Envelope, EventType } from '@lumira/contracts';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { DeadLetterBox, EventContext, RetryPolicy } from './bus.js';
import type { BusMetrics } from './bus-metrics.js';
import { decodeEnvelope } from './codec.js';
import { reasonOf, runHandler, type Outcome } from './delivery.js';
import { consumerName, streamFor } from './nats-layout.js';
import { flowIds } from './flow-ids.js';
import { tracingEnabled } from '@lumira/telemetry';
import { traceDelivery } from './tracing.js';

/** Header of a replayed dead letter: only the named group handles it; the others acknowledge it unread. */
export const REPLAY_FOR = 'Lumira-Replay-For';

export interface ConsumerLoopOptions {
  js: JetStreamClient;
  durable: string;
  subject: EventType;
  handler: (data: unknown, ctx: EventContext) => Promise<void>;
  retry: RetryPolicy;
  concurrency: number;
  deadLetters: DeadLetterBox;
  metrics: BusMetrics;
  log: Logger;
}

/**
 * One durable consumer's loop (nats.js `consume()`), at most `concurrency` messages at once. Each message
 * ends in exactly one of ack, nak(delay) or term, whatever throws; a dead letter that cannot be stored
 * is a nak, so the message is kept and tried again rather than lost or left to crash the process.
 */
export function startConsumerLoop(o: ConsumerLoopOptions): { stop(): Promise<void> } {
  const stream = streamFor(o.subject);
  const name = consumerName(o.durable, o.subject);
  const inflight = new Set<Promise<void>>();
  let stopped = false;
  let current: { stop(): void } | undefined;

  async function handle(m: JsMsg): Promise<void> {
    const deliveries = m.info.deliveryCount;
    const target = m.headers?.get(REPLAY_FOR);
    if (target && target !== o.durable) return m.ack();
    if (deliveries > 1) o.metrics.redeliveries.inc({ durable: o.durable, subject: o.subject, reason: 'jetstream' });
    let envelope: Envelope;
    try {
      envelope = decodeEnvelope(m.data);
    } catch (err) {
      return await settle(m, { kind: 'dead', reason: reasonOf(err) }, deliveries);
    }
    let log: Logger | undefined;
    const ctx: EventContext = {
      id: envelope.id,
      type: envelope.type as EventType,
      correlationId: envelope.correlationId,
      occurredAt: envelope.occurredAt,
      deliveries,
      // Most deliveries log nothing: the child logger is made on first use, not for every message.
      get log() {
        log ??= o.log.child({ eventId: envelope.id, correlationId: envelope.correlationId, ...flowIds(envelope.data) });
        return log;
      },
      working: () => m.working(),
    };
    if (!tracingEnabled()) return await settle(m, await runHandler(o.handler, envelope.data, ctx, o.retry), deliveries);
    // The producer's context travels in the message headers (and in the envelope, which is what an outbox or
    // a dead letter kept): a message published by another tool still joins its trace.
    const traceparent = m.headers?.get('traceparent') || envelope.traceparent;
    const tracestate = m.headers?.get('tracestate') || envelope.tracestate;
    const carrier = traceparent ? { traceparent, ...(tracestate ? { tracestate } : {}) } : undefined;
    const trace = { durable: o.durable, subject: o.subject, eventId: envelope.id, deliveries, transport: 'nats' as const, carrier };
    await settle(m, await traceDelivery(trace, async () => await runHandler(o.handler, envelope.data, ctx, o.retry)), deliveries);
  }

  async function settle(m: JsMsg, outcome: Outcome, deliveries: number): Promise<void> {
    o.metrics.deliveries.inc({ durable: o.durable, subject: o.subject, outcome: outcome.kind });
    if (outcome.kind === 'ack') return m.ack();
    if (outcome.kind === 'nak') return m.nak(outcome.delayMs);
    try {
      await o.deadLetters.add({
        subject: o.subject,
        durable: o.durable,
        deliveries,
        reason: outcome.reason,
        payload: Buffer.from(m.data).toString('utf8'),
        key: `${o.durable}:${m.info.streamSequence}`,
      });
      o.metrics.deadLetters.inc({ durable: o.durable, subject: o.subject });
      m.term('dead-lettered');
    } catch (err) {
      o.metrics.deadLetterFailures.inc({ durable: o.durable });
      o.log.error({ err, seq: m.seq }, 'dead letter could not be stored: message kept and retried');
      m.nak(5_000);
    }
  }

  function track(m: JsMsg): void {
    const p = handle(m)
      .catch((err: unknown) => {
        // handle() settles every path itself; reaching here is a bug. Still end the message one way.
        o.log.error({ err, seq: m.seq }, 'unexpected failure handling a message: delivered again later');
        try {
          m.nak(5_000);
        } catch {
          // The connection is gone: JetStream redelivers the message once its ack wait ends.
        }
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }

  const done = (async () => {
    while (!stopped) {
      try {
        const consumer = await o.js.consumers.get(stream, name);
        const messages = await consumer.consume({ max_messages: o.concurrency * 2 });
        current = messages;
        if (stopped) messages.stop();
        for await (const m of messages) {
          track(m);
          while (inflight.size >= o.concurrency) await Promise.race(inflight);
        }
      } catch (err) {
        if (!stopped) o.log.warn({ err }, 'consumer loop interrupted: restarting');
      }
      if (!stopped) await sleep(1000);
    }
  })();

  return {
    async stop() {
      stopped = true;
      current?.stop();
      await done;
      await Promise.all(inflight);
    },
  };
}
