import type { EventContext, RetryPolicy } from './bus.js';
import { retryDelay } from './bus.js';

/** How one delivery ends: exactly one of these, whatever the handler does. */
export type Outcome = { kind: 'ack' } | { kind: 'nak'; delayMs: number; reason: string } | { kind: 'dead'; reason: string };

type Handler = (data: unknown, ctx: EventContext) => Promise<void>;

export function reasonOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : 'handler failed with a non-Error value';
}

/**
 * Runs a handler once and decides this delivery's outcome. It never rejects: a handler that throws (even
 * synchronously, or a non-Error) is a nak with the policy's backoff, or a dead letter at the last try.
 */
export async function runHandler(handler: Handler, data: unknown, ctx: EventContext, retry: RetryPolicy): Promise<Outcome> {
  try {
    await handler(data, ctx);
    return { kind: 'ack' };
  } catch (err) {
    const reason = reasonOf(err);
    if (ctx.deliveries >= retry.maxDeliver) {
      ctx.log.error({ err, deliveries: ctx.deliveries }, 'handler failed for the last time: dead-lettered');
      return { kind: 'dead', reason };
    }
    ctx.log.warn({ err, deliveries: ctx.deliveries }, 'handler failed: will be delivered again');
    return { kind: 'nak', delayMs: retryDelay(retry, ctx.deliveries), reason };
  }
}
