import type { EventType } from './events.js';

/**
 * Every durable consumer group and the subjects it takes, in one place. The bus provisions all of them when
 * it connects (JetStream consumers, or the in-process bus's groups), before any producer runs: a message
 * published while a consumer's service is down, crash-looping or not yet deployed waits for it instead of
 * being dropped. A service may only subscribe to a group and subjects declared here.
 */
export const consumerGroups = {
  'payment-reconciler': ['payment.signal'],
  'order-payments': ['payment.succeeded', 'payment.failed', 'payment.canceled', 'payment.refund_updated', 'payment.dispute_updated'],
  user: ['order.completed', 'crm.customer.linked', 'crm.customer.changed'],
  notification: ['order.completed', 'order.failed', 'order.refunded', 'order.refund_failed', 'fulfilment.reading.delivered', 'fulfilment.sign-in.requested'],
  'crm-sync': ['user.created', 'user.updated', 'order.completed', 'order.refunded', 'order.refund_failed', 'order.dispute_closed'],
  fulfilment: ['order.completed', 'order.refunded', 'order.refund_failed', 'order.disputed', 'order.dispute_closed', 'user.updated'],
} as const satisfies Record<string, readonly EventType[]>;

export type ConsumerGroupName = keyof typeof consumerGroups;
export type ConsumerGroups = Record<string, readonly EventType[]>;

/** The service each group belongs to: its consumer spans carry that `service.name`. */
export const consumerGroupServices: Record<ConsumerGroupName, string> = {
  'payment-reconciler': 'payment',
  'order-payments': 'order',
  user: 'user',
  notification: 'notification',
  'crm-sync': 'crm-sync',
  fulfilment: 'fulfilment',
};
