import type { EventData } from '@lumira/contracts/events';
import type { ShopIdentity } from '../../src/mail/templates.js';

export const shop: ShopIdentity = {
  name: 'Lumira',
  supportEmail: 'aide@lumira.example',
  accessUrl: 'https://lumira.example/mon-espace',
  shopUrl: 'https://lumira.example/boutique',
};

const facts = {
  orderId: 'ord_123',
  userId: 'usr_1',
  customerEmail: 'ada@example.com',
  customerName: 'Ada Lovelace',
  locale: 'fr' as const,
  productId: 'tarot-2',
  level: 2,
  productName: 'Tirage complet',
  amount: 1400,
  currency: 'eur',
  free: false,
  paymentIntentId: 'pi_123',
};

export const completed = (over: Partial<EventData<'order.completed'>> = {}): EventData<'order.completed'> => ({
  ...facts,
  completedAt: '2025-11-23T10:00:00.000Z',
  ...over,
});

export const failed = (over: Partial<EventData<'order.failed'>> = {}): EventData<'order.failed'> => ({
  ...facts,
  failure: { code: 'card_declined', message: 'Your card was declined.' },
  failedAt: '2025-11-23T10:00:00.000Z',
  ...over,
});

export const refunded = (over: Partial<EventData<'order.refunded'>> = {}): EventData<'order.refunded'> => ({
  ...facts,
  refundId: 're_1',
  amountRefunded: 1400,
  totalRefunded: 1400,
  full: true,
  accessStatus: 'revoked',
  refundedAt: '2025-11-23T10:00:00.000Z',
  ...over,
});

export const readingDelivered = (over: Partial<EventData<'fulfilment.reading.delivered'>> = {}): EventData<'fulfilment.reading.delivered'> => ({
  readingId: 'rdg_1',
  orderId: facts.orderId,
  customerEmail: facts.customerEmail,
  customerName: facts.customerName,
  locale: facts.locale,
  productId: facts.productId,
  productName: facts.productName,
  level: facts.level,
  deliveredAt: '2025-11-24T10:00:00.000Z',
  ...over,
});

export const signInRequested = (over: Partial<EventData<'fulfilment.sign-in.requested'>> = {}): EventData<'fulfilment.sign-in.requested'> => ({
  signInId: 'sgn_1',
  customerEmail: facts.customerEmail,
  customerName: facts.customerName,
  locale: facts.locale,
  token: 'lsi_abcdefghijklmnopqrstuvwxyz012345',
  expiresAt: '2025-11-24T10:20:00.000Z',
  ...over,
});

export const refundFailed = (over: Partial<EventData<'order.refund_failed'>> = {}): EventData<'order.refund_failed'> => ({
  ...facts,
  refundId: 're_1',
  amountFailed: 500,
  totalRefunded: 0,
  reason: 'expired_or_canceled_card',
  accessStatus: 'active',
  failedAt: '2025-11-23T10:00:00.000Z',
  ...over,
});

/** Intl puts no-break and narrow no-break spaces in amounts; tests compare them as plain spaces. */
export const plainSpaces = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');
