import type { OrderFacts } from '@lumira/contracts/events';
import type { AdminOrder, OrderStatus, OrderView } from '@lumira/contracts/http';
import type { OutboxFields } from '@lumira/bus';
import type { AccessStatus, DisputeEntry, RefundEntry } from './order-ledger.js';

export interface Access {
  level: number;
  status: AccessStatus;
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
  failure: { code: string; declineCode?: string | null; message: string } | null;
  access: Access | null;
  /** Refunds and disputes as Stripe reported them (absent on orders written before they were tracked). */
  refunds?: RefundEntry[];
  disputes?: DisputeEntry[];
  /** Refunds counted so far (pending or succeeded). */
  amountRefunded?: number;
  /** Bumped by every change: the ledger's updates are conditional on the revision they read. */
  revision?: number;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  closedAt: Date | null;
  closeReason: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toView(order: OrderDoc, payment: OrderView['payment'] = null): OrderView {
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
    amountRefunded: order.amountRefunded ?? 0,
    payment,
  };
}

export function toAdminView(order: OrderDoc): AdminOrder {
  return {
    ...toView(order),
    userId: order.userId,
    customerEmail: order.customerEmail,
    paymentIntentId: order.paymentIntentId,
    refunds: (order.refunds ?? []).map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })),
    disputes: (order.disputes ?? []).map((d) => ({ ...d, updatedAt: d.updatedAt.toISOString() })),
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

/** The filter that makes an update apply only to the revision it was computed from. */
export const atRevision = (order: OrderDoc) => ({ _id: order._id, revision: order.revision ?? { $exists: false } });
