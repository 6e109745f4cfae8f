import { setTimeout as sleep } from 'node:timers/promises';
import type { Envelope, EnvelopeOptions, EventData, EventType } from '@lumira/contracts';
import type { RpcReply, RpcRequest, RpcSubject } from '@lumira/contracts/rpc';
import type { Logger } from 'pino';
import {
  defaultRetryPolicy,
  retryDelay,
  type Bus,
  type EventContext,
  type EventHandlers,
  type RequestOptions,
  type RetryPolicy,
  type RpcHandler,
  type SubscribeOptions,
  type Subscription,
} from './bus.js';
import { buildEnvelope, fromRpcResult, parseReply, parseRequest, toRpcResult, validateEnvelope } from './codec.js';
import { BusClosedError, RpcTimeoutError } from './errors.js';

interface Member {
  handlers: EventHandlers;
  retry: RetryPolicy;
  active: boolean;
  inflight: Set<Promise<void>>;
}

export interface DeadLetterRecord {
  durable: string;
  envelope: Envelope;
  deliveries: number;
  reason: string;
}

/**
 * The embedded bus for one process. Same contract as JetStream: at-least-once, durable groups share work,
 * failed handlers are retried later, then dead-lettered. publish() resolves once every group has handled
 * (or dead-lettered) the message, so an outbox entry is only cleared when nothing can be lost in memory.
 */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private readonly groups = new Map<string, Member[]>();
  private readonly cursor = new Map<string, number>();
  private readonly rpc = new Map<string, RpcHandler<RpcSubject>>();
  private readonly dead: DeadLetterRecord[] = [];
  private closed = false;

  constructor(private readonly log: Logger) {}

  async publish<T extends EventType>(type: T, data: EventData<T>, options?: EnvelopeOptions): Promise<Envelope<EventData<T>>> {
    const envelope = buildEnvelope(type, data, options);
    await this.dispatch(envelope);
    return envelope as Envelope<EventData<T>>;
  }

  async publishEnvelope(envelope: Envelope): Promise<void> {
    await this.dispatch(validateEnvelope(envelope));
  }

  private async dispatch(valid: Envelope): Promise<void> {
    if (this.closed) throw new BusClosedError();
    const targets = [...this.groups.keys()].filter((g) => this.groups.get(g)?.some((m) => m.active && m.handlers[valid.type as EventType]));
    await Promise.all(targets.map((g) => this.deliver(g, valid, 1)));
  }

  private pick(durable: string, type: EventType): Member | undefined {
    const members = (this.groups.get(durable) ?? []).filter((m) => m.active && m.handlers[type]);
    if (members.length === 0) return undefined;
    const n = (this.cursor.get(durable) ?? 0) + 1;
    this.cursor.set(durable, n);
    return members[n % members.length];
  }

  private async deliver(durable: string, envelope: Envelope, deliveries: number): Promise<void> {
    const type = envelope.type as EventType;
    const member = this.pick(durable, type);
    if (!member || this.closed) throw new BusClosedError();
    let log: Logger | undefined;
    const parent = this.log;
    const ctx: EventContext = {
      id: envelope.id,
      type,
      correlationId: envelope.correlationId,
      occurredAt: envelope.occurredAt,
      deliveries,
      // Most deliveries log nothing: the child logger is made on first use, not for every message.
      get log() {
        log ??= parent.child({ durable, event: type, eventId: envelope.id, correlationId: envelope.correlationId });
        return log;
      },
    };
    const handler = member.handlers[type] as (data: unknown, ctx: EventContext) => Promise<void>;
    const run = handler(envelope.data, ctx);
    const tracked = run.then(() => undefined, () => undefined);
    member.inflight.add(tracked);
    try {
      await run;
      return;
    } catch (err) {
      if (deliveries >= member.retry.maxDeliver) {
        ctx.log.error({ err, deliveries }, 'handler failed for the last time: dead-lettered');
        this.dead.push({ durable, envelope, deliveries, reason: err instanceof Error ? err.message : String(err) });
        return;
      }
      ctx.log.warn({ err, deliveries }, 'handler failed: will be delivered again');
    } finally {
      member.inflight.delete(tracked);
    }
    await sleep(retryDelay(member.retry, deliveries));
    await this.deliver(durable, envelope, deliveries + 1);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const member: Member = {
      handlers: options.handlers,
      retry: { ...defaultRetryPolicy, ...options.retry },
      active: true,
      inflight: new Set(),
    };
    const list = this.groups.get(options.durable) ?? [];
    list.push(member);
    this.groups.set(options.durable, list);
    return {
      stop: async () => {
        member.active = false;
        await Promise.all(member.inflight);
        const rest = (this.groups.get(options.durable) ?? []).filter((m) => m !== member);
        if (rest.length > 0) this.groups.set(options.durable, rest);
        else this.groups.delete(options.durable);
      },
    };
  }

  async serve<S extends RpcSubject>(subject: S, handler: RpcHandler<S>): Promise<Subscription> {
    this.rpc.set(subject, handler as unknown as RpcHandler<RpcSubject>);
    return {
      stop: async () => {
        this.rpc.delete(subject);
      },
    };
  }

  async request<S extends RpcSubject>(subject: S, request: RpcRequest<S>, options: RequestOptions = {}): Promise<RpcReply<S>> {
    if (this.closed) throw new BusClosedError();
    const handler = this.rpc.get(subject);
    if (!handler) throw new RpcTimeoutError(subject);
    const correlationId = options.correlationId ?? 'rpc';
    const log = this.log.child({ rpc: subject, correlationId });
    // Round-trip through JSON so the in-process path sees exactly what NATS would carry.
    const wire = JSON.parse(JSON.stringify(request)) as unknown;
    let result;
    try {
      const value = await handler(parseRequest(subject, wire) as never, { correlationId, log });
      result = toRpcResult(JSON.parse(JSON.stringify(value)));
    } catch (err) {
      if (!(err instanceof Error && err.name === 'RpcError')) log.error({ err }, 'rpc handler failed');
      result = toRpcResult(undefined, err);
    }
    return parseReply(subject, fromRpcResult(result)) as RpcReply<S>;
  }

  deadLetters(): readonly DeadLetterRecord[] {
    return this.dead;
  }

  async check() {
    return this.closed ? { ok: false, detail: 'closed' } : { ok: true, detail: 'in-process bus' };
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.groups.values()].flat();
    for (const m of all) m.active = false;
    await Promise.all(all.flatMap((m) => [...m.inflight]));
  }
}
