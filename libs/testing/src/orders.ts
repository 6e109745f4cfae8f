import type { EventData } from '@lumira/contracts';

type OrderIds = Pick<EventData<'order.completed'>, 'orderId' | 'userId' | 'customerEmail' | 'paymentIntentId'>;

/**
 * The facts `order.completed` carries for a paid Intuitive reading (14 € in cents), completed now. Each
 * suite keeps its own ids (they must not collide between test processes sharing an emulator); the rest is
 * the same purchase everywhere, and `over` changes what a test is about.
 */
export function completedOrder(ids: OrderIds, over: Partial<EventData<'order.completed'>> = {}): EventData<'order.completed'> {
  return {
    ...ids,
    customerName: 'Élise Dupont',
    locale: 'fr',
    productId: 'intuitive',
    level: 2,
    productName: 'Intuitive',
    amount: 1400,
    currency: 'eur',
    free: false,
    completedAt: new Date().toISOString(),
    ...over,
  };
}
