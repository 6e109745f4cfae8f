import { setTimeout as sleep } from 'node:timers/promises';
import type { ConsumerGroups, Envelope, EnvelopeOptions, EventData, EventType } from '@lumira/contracts';
import type { RpcReply, RpcRequest, RpcSubject } from '@lumira/contracts/rpc';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import {
  defaultConcurrency,
  defaultRetryPolicy,
  type Bus,
  type DeadLetterRecord,
  type EventContext,
  type RequestOptions,
  type RpcHandler,
  type SubscribeOptions,
  type Subscription,
} from './bus.js';
import { createBusMetrics, type BusMetrics } from './bus-metrics.js';
import { buildEnvelope, checkedEnvelope, fromRpcResult, parseReply, parseRequest, toRpcResult, validateEnvelope } from './codec.js';
import { BusClosedError, InvalidEventError, RpcError, RpcTimeoutError } from './errors.js';
import { checkDeclared, handledSubjects, mergeGroups } from './groups.js';
import { REPLAY_FOR, startConsumerLoop } from './nats-consumer.js';
import { NatsDeadLetters } from './nats-dead-letters.js';
import { consumerName, ensureConsumer, ensureStreams, streamFor } from './nats-layout.js';
import { inboxPrefixOf } from './nats-permissions.js';
import { watchConnection } from './nats-status.js';
import { flowIds } from './flow-ids.js';
import { carrierOf, traceRpc } from './tracing.js';
import { activeTraceCarrier } from '@lumira/telemetry';

const encoder = new TextEncoder();

export interface NatsBusOptions {
  url: string;
  name: string;
  log: Logger;
  /** Groups a subscription must match (connectBus passes libs/contracts'); provisioned at connect. */
  groups?: ConsumerGroups;
  duplicateWindowMs?: number;
  /** How long JetStream waits for an ack before giving a silent message to another consumer (30 s). */
  ackWaitMs?: number;
  /** The service's NATS user (nats-permissions.ts); its replies then come to an inbox of its own. */
  user?: string | undefined;
  password?: string | undefined;
  /** CA that signed the server's certificate: TLS to NATS (a tls:// URL also asks for TLS). */
  tlsCaFile?: string | undefined;
}

/** The scaled transport: JetStream streams per domain, durable pull consumers shared by replicas. */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  readonly metrics: BusMetrics;
  readonly deadLetters: NatsDeadLetters;
  private readonly subscriptions = new Set<Subscription>();
  private readonly declared: Record<string, EventType[]> = {};
  private readonly watching: Promise<void>;
  private readonly lagTimer: NodeJS.Timeout;
  private closing = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: NatsBusOptions,
    metrics: BusMetrics,
  ) {
    this.metrics = metrics;
    this.deadLetters = new NatsDeadLetters(js, jsm, async (letter) => await this.resend(letter));
    this.watching = watchConnection(nc, options.log, metrics);
    this.lagTimer = setInterval(() => void this.measureLag(), 15_000);
    this.lagTimer.unref();
  }

  /** Consumer lag for the metrics: what each declared group has not acknowledged yet, all subjects summed. */
  private async measureLag(): Promise<void> {
    for (const [durable, subjects] of Object.entries(this.declared)) {
      let pending = 0;
      for (const subject of subjects) {
        const info = await this.jsm.consumers.info(streamFor(subject), consumerName(durable, subject)).catch(() => null);
        pending += info ? info.num_pending + info.num_ack_pending : 0;
      }
      this.metrics.pending.set({ durable }, pending);
    }
  }

  /** Streams and every declared consumer exist before this returns, so before any producer runs. */
  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const metrics = createBusMetrics();
    const nc = await connect({
      servers: options.url.split(','),
      name: options.name,
      maxReconnectAttempts: -1,
      ...(options.user ? { user: options.user, pass: options.password ?? '', inboxPrefix: inboxPrefixOf(options.user) } : {}),
      ...(options.tlsCaFile ? { tls: { caFile: options.tlsCaFile } } : {}),
    });
    try {
      const jsm = await jetstreamManager(nc);
      await ensureStreams(jsm, options.duplicateWindowMs);
      const bus = new NatsBus(nc, jetstream(nc), jsm, options, metrics);
      if (options.groups) await bus.declare(options.groups);
      return bus;
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  async declare(groups: ConsumerGroups): Promise<void> {
    mergeGroups(this.declared, groups);
    for (const [durable, subjects] of Object.entries(groups)) {
      for (const subject of subjects) await ensureConsumer(this.jsm, durable, subject, this.options.ackWaitMs ?? 30_000);
    }
  }

  async publish<T extends EventType>(type: T, data: EventData<T>, options?: EnvelopeOptions): Promise<Envelope<EventData<T>>> {
    const envelope = buildEnvelope(type, data, options);
    await this.send(envelope, envelope.id);
    return envelope as Envelope<EventData<T>>;
  }

  async publishEnvelope(envelope: Envelope): Promise<void> {
    const valid = checkedEnvelope(envelope);
    await this.send(valid, valid.id);
  }

  /** Resolves on JetStream's PubAck: the stream has stored it (or already had this id within the window). */
  private async send(envelope: Envelope, msgID: string, replayFor?: string): Promise<void> {
    if (this.closing) throw new BusClosedError();
    const h = headers();
    if (replayFor) h.set(REPLAY_FOR, replayFor);
    const carrier = carrierOf(envelope);
    if (carrier?.traceparent) h.set('traceparent', carrier.traceparent);
    if (carrier?.tracestate) h.set('tracestate', carrier.tracestate);
    try {
      await this.js.publish(envelope.type, encoder.encode(JSON.stringify(envelope)), { msgID, headers: h });
      this.metrics.published.inc({ subject: envelope.type });
    } catch (err) {
      this.metrics.publishFailures.inc({ subject: envelope.type });
      throw err;
    }
  }

  private async resend(letter: DeadLetterRecord): Promise<void> {
    if (!letter.envelope) throw new InvalidEventError(letter.subject, 'the dead letter is not a readable event');
    const envelope = validateEnvelope(letter.envelope);
    if (letter.durable.startsWith('outbox:')) await this.send(envelope, envelope.id);
    else await this.send(envelope, `replay:${letter.id}`, letter.durable);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closing) throw new BusClosedError();
    if (this.options.groups) checkDeclared(this.declared, options);
    else await this.declare({ [options.durable]: handledSubjects(options) });
    const retry = { ...defaultRetryPolicy, ...options.retry };
    const loops = handledSubjects(options).map((subject) =>
      startConsumerLoop({
        js: this.js,
        durable: options.durable,
        subject,
        handler: options.handlers[subject] as (data: unknown, ctx: EventContext) => Promise<void>,
        retry,
        concurrency: options.concurrency ?? defaultConcurrency,
        deadLetters: this.deadLetters,
        metrics: this.metrics,
        log: this.options.log.child({ durable: options.durable, subject }),
      }),
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

  async serve<S extends RpcSubject>(subject: S, handler: RpcHandler<S>): Promise<Subscription> {
    const log = this.options.log.child({ rpc: subject });
    const sub = this.nc.subscribe(subject, {
      queue: 'rpc',
      callback: (err, msg) => {
        if (err) {
          log.warn({ err }, 'rpc subscription error');
          return;
        }
        void (async () => {
          const correlationId = msg.headers?.get('correlation-id') || 'rpc';
          const traceparent = msg.headers?.get('traceparent');
          const tracestate = msg.headers?.get('tracestate');
          const carrier = traceparent ? { traceparent, ...(tracestate ? { tracestate } : {}) } : undefined;
          const result = await traceRpc(subject, carrier, async () => {
            try {
              const request = parseRequest(subject, JSON.parse(msg.string()));
              return toRpcResult(await handler(request as never, { correlationId, log: log.child({ correlationId, ...flowIds(request) }) }));
            } catch (e) {
              if (!(e instanceof RpcError)) log.error({ err: e }, 'rpc handler failed');
              return toRpcResult(undefined, e instanceof SyntaxError ? new RpcError('BAD_REQUEST', 'request is not JSON', 400) : e);
            }
          });
          msg.respond(encoder.encode(JSON.stringify(result)));
        })().catch((e: unknown) => log.warn({ err: e }, 'rpc reply could not be sent'));
      },
    });
    // The server must know of this subscription before serve() resolves: a request sent right after would
    // otherwise meet "no responders" (seen on a loaded machine in the permissions test).
    await this.nc.flush();
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
    const carrier = activeTraceCarrier();
    if (carrier?.traceparent) h.set('traceparent', carrier.traceparent);
    if (carrier?.tracestate) h.set('tracestate', carrier.tracestate);
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
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.lagTimer);
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (!this.nc.isClosed()) await this.nc.drain();
    await this.watching;
  }
}
