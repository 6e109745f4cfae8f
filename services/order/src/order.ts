import type { OrderFacts } from '@lumira/contracts/events';
import type { OrderStatus, OrderView } from '@lumira/contracts/http';
import type { OutboxFields } from '@lumira/bus';

export interface Access {
  level: number;
  status: 'active' | 'revoked';
  grantedAt: Date;
  revokedAt: Date | null;
}

export interface OrderDoc extends OutboxFields {
  _id: string;
  userId: string;
  customerEmail: string;
  customerName: string | null;
  locale: 'fr' | 'en';
  productId: string;
  level: number;
  productName: string;
  amount: number;
  currency: string;
  free: boolean;
  status: OrderStatus;
  paymentIntentId: string | null;
  failure: { code: string; message: string } | null;
  access: Access | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  closedAt: Date | null;
  closeReason: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toView(order: OrderDoc): OrderView {
  return {
    id: order._id,
    status: order.status,
    productId: order.productId,
    level: order.level,
    productName: order.productName,
    amount: order.amount,
    currency: order.currency,
    createdAt: order.createdAt.toISOString(),
    completedAt: iso(order.completedAt),
    access: order.access ? { ...order.access, grantedAt: order.access.grantedAt.toISOString(), revokedAt: iso(order.access.revokedAt) } : null,
    failure: order.failure,
  };
}

export function factsOf(order: OrderDoc): OrderFacts {
  return {
    orderId: order._id,
    userId: order.userId,
    customerEmail: order.customerEmail,
    customerName: order.customerName,
    locale: order.locale,
    productId: order.productId,
    level: order.level,
    productName: order.productName,
    amount: order.amount,
    currency: order.currency,
    free: order.free,
    paymentIntentId: order.paymentIntentId,
  };
}
