import type { OrderStatus } from '@lumira/contracts/http';

/**
 * The order's state machine for the payment itself. States only move forward: a late "failed" after
 * "completed" changes nothing, a new card after "failed" may still complete. Refunds and disputes of a
 * completed order are its ledger (order-ledger.ts), which decides between completed and refunded.
 */
export type OrderEvent = 'succeeded' | 'failed' | 'canceled';

const target: Record<OrderEvent, OrderStatus> = {
  succeeded: 'completed',
  failed: 'failed',
  canceled: 'canceled',
};

const allowedFrom: Record<OrderEvent, readonly OrderStatus[]> = {
  succeeded: ['pending', 'failed'],
  failed: ['pending'],
  canceled: ['pending', 'failed'],
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

/** A refund or dispute reported for an order in one of these means its payment went through. */
export const awaitingPayment = (status: OrderStatus): boolean => status === 'pending' || status === 'failed';
