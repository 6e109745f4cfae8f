import { randomText } from '@lumira/contracts';
import type { CountedOrders } from './counted-orders.js';
import type { UserView } from '@lumira/contracts/http';
import type { OutboxFields } from '@lumira/bus';

export interface UserDoc extends OutboxFields {
  _id: string;
  email: string;
  name: string | null;
  phone: string | null;
  locale: 'fr' | 'en';
  stripeCustomerId: string | null;
  dolibarrCustomerId: number | null;
  subscriptionStatus: 'active' | 'inactive' | 'trial';
  totalOrders: number;
  lastOrderAt: Date | null;
  /** Orders already counted in totalOrders (order id → true): the guard that keeps the count exact under redelivery. */
  countedOrders: CountedOrders;
  /** When name, email or phone last changed, wherever the change came from (for CRM conflicts). */
  profileUpdatedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const newUserId = () => `usr_${randomText(10, 'hex')}`;
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function toView(user: UserDoc): UserView {
  return {
    id: user._id,
    email: user.email,
    name: user.name,
    phone: user.phone,
    locale: user.locale,
    stripeCustomerId: user.stripeCustomerId,
    dolibarrCustomerId: user.dolibarrCustomerId,
    subscriptionStatus: user.subscriptionStatus,
    totalOrders: user.totalOrders,
    lastOrderAt: user.lastOrderAt ? user.lastOrderAt.toISOString() : null,
    createdAt: user.createdAt.toISOString(),
  };
}

export const factsOf = (u: UserDoc) => ({ userId: u._id, email: u.email, name: u.name, phone: u.phone, locale: u.locale });
