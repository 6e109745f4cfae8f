import { setTimeout as sleep } from 'node:timers/promises';
import { deadLetterSubject, type DeadLetter, type Envelope, type EnvelopeOptions, type EventData, type EventType } from '@lumira/contracts';
import type { RpcReply, RpcRequest, RpcSubject } from '@lumira/contracts/rpc';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import {
  defaultRetryPolicy,
  retryDelay,
  type Bus,
  type EventContext,
  type RequestOptions,
  type RetryPolicy,
  type RpcHandler,
  type SubscribeOptions,
  type Subscription,
} from './bus.js';
import { buildEnvelope, decodeEnvelope, fromRpcResult, parseReply, parseRequest, toRpcResult, validateEnvelope } from './codec.js';
import { BusClosedError, RpcError, RpcTimeoutError } from './errors.js';
import { consumerName, ensureStreams, streamFor } from './nats-layout.js';

const nanos = (ms: number) => ms * 1_000_000;
const encoder = new TextEncoder();

export interface NatsBusOptions {
  url: string;
  name: string;
  log: Logger;
  duplicateWindowMs?: number;
  /** How long JetStream waits for an ack before redelivering a message whose handler is still silent. */
  ackWaitMs?: number;
}

/** The scaled transport: JetStream streams per domain, durable pull consumers shared by replicas. */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  private readonly subscriptions = new Set<Subscription>();
  private closing = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: NatsBusOptions,
  ) {}

  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const nc = await connect({ servers: options.url.split(','), name: options.name, maxReconnectAttempts: -1 });
    const jsm = await jetstreamManager(nc);
    await ensureStreams(jsm, options.duplicateWindowMs);
    return new NatsBus(nc, jetstream(nc), jsm, options);
  }

  async publish<T extends EventType>(type: T, data: EventData<T>, options?: EnvelopeOptions): Promise<Envelope<EventData<T>>> {
    const envelope = buildEnvelope(type, data, options);
    await this.send(envelope);
    return envelope as Envelope<EventData<T>>;
  }

  async publishEnvelope(envelope: Envelope): Promise<void> {
    await this.send(validateEnvelope(envelope));
  }

  private async send(envelope: Envelope): Promise<void> {
    if (this.closing) throw new BusClosedError();
    await this.js.publish(envelope.type, encoder.encode(JSON.stringify(envelope)), { msgID: envelope.id });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
    const loops = await Promise.all(
      (Object.keys(options.handlers) as EventType[]).map((subject) => this.consumeLoop(options, subject, retry)),
    );
    const sub: Subscription = {
      stop: async () => {
        await Promise.all(loops.map((l) => l.stop()));
        this.subscriptions.delete(sub);
      },
    };
    this.subscriptions.add(sub);
    return sub;
  }

  private async consumeLoop(options: SubscribeOptions, subject: EventType, retry: RetryPolicy): Promise<Subscription> {
    const stream = streamFor(subject);
    const name = consumerName(options.durable, subject);
    const config = {
      durable_name: name,
      ack_policy: AckPolicy.Explicit,
      // A consumer created later (a service added to a running system) starts at new messages rather than
      // replaying a week of history into emails and invoices. Every consumer is created at service start,
      // before that service's traffic, and from then on JetStream keeps its position durably.
      deliver_policy: DeliverPolicy.New,
      filter_subject: subject,
      // A safety net above our own count: we dead-letter at retry.maxDeliver and terminate the message.
      max_deliver: retry.maxDeliver + 1,
      ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
      max_ack_pending: 1000,
    };
    await this.jsm.consumers.add(stream, config).catch(async () => this.jsm.consumers.update(stream, name, config));
    const log = this.options.log.child({ durable: options.durable, subject });
    const inflight = new Set<Promise<void>>();
    const concurrency = options.concurrency ?? 32;
    let stopped = false;
    let current: { stop(): void } | undefined;

    const run = async () => {
      while (!stopped) {
        try {
          const consumer = await this.js.consumers.get(stream, name);
          const messages = await consumer.consume({ max_messages: concurrency * 2 });
          current = messages;
          if (stopped) messages.stop();
          for await (const m of messages) {
            const p = this.handle(m, options, subject, retry, log).finally(() => inflight.delete(p));
            inflight.add(p);
            while (inflight.size >= concurrency) await Promise.race(inflight);
          }
        } catch (err) {
          if (!stopped) log.warn({ err }, 'consumer loop interrupted: restarting');
        }
        if (!stopped) await sleep(1000);
      }
    };
    const done = run();
    return {
      stop: async () => {
        stopped = true;
        current?.stop();
        await done;
        await Promise.all(inflight);
      },
    };
  }

  private async handle(m: JsMsg, options: SubscribeOptions, subject: EventType, retry: RetryPolicy, log: Logger): Promise<void> {
    const deliveries = m.info.deliveryCount;
    let envelope: Envelope;
    try {
      envelope = decodeEnvelope(m.data);
    } catch (err) {
      log.error({ err, seq: m.seq }, 'invalid message: dead-lettered');
      await this.deadLetter(options.durable, subject, deliveries, (err as Error).message, m);
      m.term('invalid');
      return;
    }
    const ctx: EventContext = {
      id: envelope.id,
      type: envelope.type as EventType,
      correlationId: envelope.correlationId,
      occurredAt: envelope.occurredAt,
      deliveries,
      log: log.child({ eventId: envelope.id, correlationId: envelope.correlationId }),
    };
    const handler = options.handlers[subject] as ((data: unknown, ctx: EventContext) => Promise<void>) | undefined;
    try {
      await handler?.(envelope.data, ctx);
      m.ack();
    } catch (err) {
      if (deliveries >= retry.maxDeliver) {
        ctx.log.error({ err, deliveries }, 'handler failed for the last time: dead-lettered');
        await this.deadLetter(options.durable, subject, deliveries, err instanceof Error ? err.message : String(err), m);
        m.term('dead-lettered');
      } else {
        ctx.log.warn({ err, deliveries }, 'handler failed: will be delivered again');
        m.nak(retryDelay(retry, deliveries));
      }
    }
  }

  private async deadLetter(durable: string, subject: string, deliveries: number, reason: string, m: JsMsg): Promise<void> {
    const letter: DeadLetter = { subject, durable, deliveries, reason, payload: Buffer.from(m.data).toString('utf8') };
    await this.js.publish(deadLetterSubject(subject), encoder.encode(JSON.stringify(letter)), {
      msgID: `${durable}:${m.info.streamSequence}`,
    });
  }

  async serve<S extends RpcSubject>(subject: S, handler: RpcHandler<S>): Promise<Subscription> {
    const log = this.options.log.child({ rpc: subject });
    const sub = this.nc.subscribe(subject, {
      queue: 'rpc',
      callback: (err, msg) => {
        if (err) return;
        void (async () => {
          const correlationId = msg.headers?.get('correlation-id') || 'rpc';
          let result;
          try {
            const request = parseRequest(subject, JSON.parse(msg.string()));
            result = toRpcResult(await handler(request as never, { correlationId, log: log.child({ correlationId }) }));
          } catch (e) {
            if (!(e instanceof RpcError)) log.error({ err: e }, 'rpc handler failed');
            result = toRpcResult(undefined, e instanceof SyntaxError ? new RpcError('BAD_REQUEST', 'request is not JSON', 400) : e);
          }
          msg.respond(encoder.encode(JSON.stringify(result)));
        })();
      },
    });
    return {
      stop: async () => {
        await sub.drain();
      },
    };
  }

  async request<S extends RpcSubject>(subject: S, request: RpcRequest<S>, options: RequestOptions = {}): Promise<RpcReply<S>> {
    if (this.closing) throw new BusClosedError();
    const h = headers();
    if (options.correlationId) h.set('correlation-id', options.correlationId);
    let reply;
    try {
      reply = await this.nc.request(subject, encoder.encode(JSON.stringify(request)), { timeout: options.timeoutMs ?? 10_000, headers: h });
    } catch (err) {
      throw Object.assign(new RpcTimeoutError(subject), { cause: err });
    }
    return parseReply(subject, fromRpcResult(JSON.parse(reply.string()))) as RpcReply<S>;
  }

  async check() {
    if (this.nc.isClosed()) return { ok: false, detail: 'connection closed' };
    try {
      const rtt = await Promise.race([this.nc.rtt(), sleep(2000).then(() => Promise.reject(new Error('timeout')))]);
      return { ok: true, detail: `nats ${this.nc.getServer()} rtt ${rtt.toFixed(1)}ms` };
    } catch (err) {
      return { ok: false, detail: `nats unreachable: ${(err as Error).message}` };
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}
