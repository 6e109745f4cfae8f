import type { Envelope, EnvelopeOptions, EventData, EventType } from '@lumira/contracts';
import type { RpcReply, RpcRequest, RpcSubject } from '@lumira/contracts/rpc';
import type { Logger } from 'pino';

export interface EventContext {
  id: string;
  type: EventType;
  correlationId: string;
  occurredAt: string;
  /** 1 on the first delivery; handlers are at-least-once and must tolerate repeats. */
  deliveries: number;
  log: Logger;
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

export interface SubscribeOptions {
  /** Replicas using the same durable name share the work: each message goes to one of them. */
  durable: string;
  handlers: EventHandlers;
  retry?: Partial<RetryPolicy>;
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

export interface Bus {
  readonly kind: 'memory' | 'nats';
  /** Validates the data against its subject's schema (an invalid event throws here, never reaches a consumer). */
  publish<T extends EventType>(type: T, data: EventData<T>, options?: EnvelopeOptions): Promise<Envelope<EventData<T>>>;
  publishEnvelope(envelope: Envelope): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  serve<S extends RpcSubject>(subject: S, handler: RpcHandler<S>): Promise<Subscription>;
  request<S extends RpcSubject>(subject: S, request: RpcRequest<S>, options?: RequestOptions): Promise<RpcReply<S>>;
  check(): Promise<BusHealth>;
  close(): Promise<void>;
}

export function retryDelay(policy: RetryPolicy, deliveries: number): number {
  const list = policy.backoffMs;
  return list[Math.min(deliveries - 1, list.length - 1)] ?? 1000;
}
