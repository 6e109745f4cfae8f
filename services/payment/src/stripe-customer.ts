import type { Bus } from '@lumira/bus';
import type Stripe from 'stripe';
import type { CheckoutDeadline } from './checkout-deadline.js';

export interface CustomerContext {
  bus: Bus;
  stripe: Stripe;
  deadline: CheckoutDeadline;
  userId: string;
  email: string;
  name: string | null;
  /** The purchase asking: the creation's idempotency key is scoped to it (see `create`). */
  orderId: string;
  correlationId: string;
}

/**
 * The key is scoped to the purchase, not only to the user: Stripe replays a stored 500 for 24 hours to the
 * same key, and a key per user would block that customer's every checkout for a day after one failure.
 */
async function create(ctx: CustomerContext, suffix = ''): Promise<string> {
  const customer = await ctx.stripe.customers.create(
    { email: ctx.email, ...(ctx.name ? { name: ctx.name } : {}), metadata: { userId: ctx.userId } },
    { ...ctx.deadline.stripe(), idempotencyKey: `lumira-customer-${ctx.userId}-${ctx.orderId}${suffix}` },
  );
  return customer.id;
}

/**
 * The user's Stripe customer: the one stored, else a new one. Two first purchases racing, or a crash between
 * Stripe's answer and our write, can leave an extra customer in Stripe unused; the one stored is the one used.
 */
export async function ensureStripeCustomer(ctx: CustomerContext, stored: string | null): Promise<string> {
  if (stored) return stored;
  const id = await create(ctx);
  const reply = await ctx.bus.request('rpc.user.set-stripe-customer', { userId: ctx.userId, stripeCustomerId: id }, ctx.deadline.rpc(ctx.correlationId));
  return reply.stripeCustomerId;
}

/**
 * Stripe no longer has the stored customer (deleted in the dashboard, or a local emulator reset): another one
 * takes its place, swapped in only if the user still holds the missing one (a racing checkout may have done it).
 */
export async function replaceStripeCustomer(ctx: CustomerContext, missing: string): Promise<string> {
  const id = await create(ctx, `-replaces-${missing}`);
  const reply = await ctx.bus.request(
    'rpc.user.set-stripe-customer',
    { userId: ctx.userId, stripeCustomerId: id, replaces: missing },
    ctx.deadline.rpc(ctx.correlationId),
  );
  return reply.stripeCustomerId;
}
