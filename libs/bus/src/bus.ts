import type { ConsumerGroups, Envelope, EnvelopeOptions, EventData, EventType } from '@lumira/contracts';
import type { RpcReply, RpcRequest, RpcSubject } from '@lumira/contracts/rpc';
import type { Logger } from 'pino';
import type { BusMetrics } from './bus-metrics.js';

export interface EventContext {
  id: string;
  type: EventType;
  correlationId: string;
  occurredAt: string;
  /** 1 on the first delivery; handlers are at-least-once and must tolerate repeats. */
  deliveries: number;
  log: Logger;
  /**
   * Tells the bus the handler is still at work, so the message is not given to another consumer when its
   * ack wait ends (JetStream's `working()`). Long handlers call it between slow steps.
   */
  working(): void;
}

export type EventHandler<T extends EventType> = (data: EventData<T>, ctx: EventContext) => Promise<void>;
export type EventHandlers = { [T in EventType]?: EventHandler<T> };

export interface RetryPolicy {
  /** Deliveries before a message is dead-lettered. */
  maxDeliver: number;
  /** Delay before delivery n+1 is backoffMs[n-1] (the last value repeats). */
  backoffMs: number[];
}
export const defaultRetryPolicy: RetryPolicy = { maxDeliver: 6, backoffMs: [500, 2_000, 10_000, 30_000, 60_000] };

/** Messages a member of a group handles at once, as JetStream's consumers are capped here. */
export const defaultConcurrency = 32;

export interface SubscribeOptions {
  /** Replicas using the same durable name share the work: each message goes to one of them. */
  durable: string;
  handlers: EventHandlers;
  retry?: Partial<RetryPolicy>;
  /** Messages this member handles at once (32). */
  concurrency?: number;
}

export interface Subscription {
  /** Stops taking messages and waits for the ones in flight. */
  stop(): Promise<void>;
}

export interface RpcContext {
  correlationId: string;
  log: Logger;
}
export type RpcHandler<S extends RpcSubject> = (request: RpcRequest<S>, ctx: RpcContext) => Promise<RpcReply<S>>;

export interface RequestOptions {
  timeoutMs?: number;
  correlationId?: string;
}

export interface BusHealth {
  ok: boolean;
  detail: string;
}

/** A message that could not be handled, as the bus keeps it until it expires or is replayed. */
export interface DeadLetterRecord {
  id: string;
  subject: string;
  durable: string;
  deliveries: number;
  reason: string;
  deadAt: Date;
  /** The payload read as an event today, or null when it is not a valid one (nothing to replay yet). */
  envelope: Envelope | null;
  payload: string;
}

export interface DeadLetterPage {
  items: DeadLetterRecord[];
  nextCursor: string | null;
}

export interface NewDeadLetter {
  /** De-duplication key: the same failure recorded twice (a retry after a lost answer) is kept once. */
  key?: string;
  subject: string;
  durable: string;
  deliveries: number;
  reason: string;
  /** The message as it travelled (or the outbox entry as stored), JSON. */
  payload: string;
}

/** Durable, visible and replayable dead letters, the same way on both transports. */
export interface DeadLetterBox {
  add(letter: NewDeadLetter): Promise<void>;
  /** Oldest first; `cursor` is the `nextCursor` of the previous page. */
  list(query: { durable?: string | undefined; limit: number; cursor?: string | undefined }): Promise<DeadLetterPage>;
  get(id: string): Promise<DeadLetterRecord | null>;
  /**
   * Sends the message again to the group it failed for only (other groups never see it twice), or, for an
   * outbox entry, publishes it as new; the dead letter is then removed. Null when there is no such letter.
   * Throws InvalidEventError when the message is still not a valid event.
   */
  replay(id: string): Promise<DeadLetterRecord | null>;
}

export interface Bus {
  readonly kind: 'memory' | 'nats';
  /**
   * Validates the data against its subject's schema (an invalid event throws here, never reaches a
   * consumer) and resolves once the message is durably accepted — never after handlers ran. A message id
   * seen within the duplicate window is accepted once.
   */
  publish<T extends EventType>(type: T, data: EventData<T>, options?: EnvelopeOptions): Promise<Envelope<EventData<T>>>;
  publishEnvelope(envelope: Envelope): Promise<void>;
  /** Declares groups (idempotent); connectBus declares every group of libs/contracts before anything runs. */
  declare(groups: ConsumerGroups): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  serve<S extends RpcSubject>(subject: S, handler: RpcHandler<S>): Promise<Subscription>;
  request<S extends RpcSubject>(subject: S, request: RpcRequest<S>, options?: RequestOptions): Promise<RpcReply<S>>;
  readonly deadLetters: DeadLetterBox;
  /** Redeliveries, dead letters, pending messages, connection state, outboxes. */
  readonly metrics: BusMetrics;
  check(): Promise<BusHealth>;
  close(): Promise<void>;
}

export function retryDelay(policy: RetryPolicy, deliveries: number): number {
  const list = policy.backoffMs;
  return list[Math.min(deliveries - 1, list.length - 1)] ?? 1000;
}
