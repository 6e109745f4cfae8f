import type { OrderStatus } from '@lumira/contracts/http';

/**
 * The order's state machine. States only move forward: a late "failed" after "completed" changes
 * nothing, a new card after "failed" may still complete, and only a completed order can be refunded.
 */
export type OrderEvent = 'succeeded' | 'failed' | 'canceled' | 'refunded';

const target: Record<OrderEvent, OrderStatus> = {
  succeeded: 'completed',
  failed: 'failed',
  canceled: 'canceled',
  refunded: 'refunded',
};

const allowedFrom: Record<OrderEvent, readonly OrderStatus[]> = {
  succeeded: ['pending', 'failed'],
  failed: ['pending'],
  canceled: ['pending', 'failed'],
  // A refund read back from Stripe implies the payment went through, even if its success signal is late.
  refunded: ['pending', 'failed', 'completed'],
};

export function nextStatus(current: OrderStatus, event: OrderEvent): OrderStatus | null {
  return allowedFrom[event].includes(current) ? target[event] : null;
}

/** The statuses from which `event` applies: used as the conditional filter of one atomic update. */
export function statusesAccepting(event: OrderEvent): OrderStatus[] {
  return [...allowedFrom[event]];
}

export function targetOf(event: OrderEvent): OrderStatus {
  return target[event];
}
