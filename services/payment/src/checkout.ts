import type { Bus } from '@lumira/bus';
import type { Product } from '@lumira/contracts/catalog';
import type { CheckoutReply, CreatePaymentIntentBody } from '@lumira/contracts/http';
import type { Collection } from '@lumira/store';
import type { FastifyBaseLogger } from 'fastify';
import type Stripe from 'stripe';
import type { Catalog } from './catalog.js';
import { claimKey, releaseKey, requestHash, type CheckoutRequest } from './checkout-request.js';
import { FreeOrderLimitError, InvalidProductError, PaymentIntentFailedError, StripeNotConfiguredError } from './errors.js';
import type { FreeOrderLimit } from './free-order-limit.js';
import { newOrderId } from './ids.js';
import { isStripeError } from './stripe-client.js';
import type { PaymentMetrics } from './metrics.js';

export interface CheckoutDeps {
  bus: Bus;
  catalog: Catalog;
  stripe: Stripe | undefined;
  requests: Collection<CheckoutRequest>;
  metrics: PaymentMetrics;
  freeOrders: FreeOrderLimit;
}

export interface CheckoutInput {
  body: CreatePaymentIntentBody;
  idempotencyKey?: string | undefined;
  /** The client's address, for the free level's per-IP allowance. */
  ip: string;
  correlationId: string;
  log: FastifyBaseLogger;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * The purchase flow of the seed, made safe to repeat: user, order, Stripe customer and PaymentIntent are
 * each found-or-created on keys derived from the order, so a retry after any crash converges on one order.
 */
export async function checkout(deps: CheckoutDeps, input: CheckoutInput): Promise<CheckoutReply> {
  const product = deps.catalog.find(input.body.productId);
  if (!product) throw new InvalidProductError(input.body.productId);
  const free = product.amount === 0;
  if (!free && !deps.stripe) throw new StripeNotConfiguredError();
  const email = normaliseEmail(input.body.customerEmail);
  const name = input.body.customerName ?? null;
  const locale = input.body.locale ?? 'fr';
  const rpc = { correlationId: input.correlationId };

  const newId = newOrderId();
  let orderId = newId;
  if (input.idempotencyKey) {
    const hash = requestHash({ productId: product.id, email, name, locale });
    orderId = await claimKey(deps.requests, input.idempotencyKey, hash, orderId);
  }
  // A repeat of a request already admitted (same Idempotency-Key) is the same order: not counted again.
  if (free && orderId === newId) {
    const refused = await deps.freeOrders.admit(email, input.ip);
    if (refused) {
      if (input.idempotencyKey) await releaseKey(deps.requests, input.idempotencyKey);
      throw new FreeOrderLimitError(refused.retryAfterSeconds, refused.by);
    }
  }
  const user = await deps.bus.request('rpc.user.ensure', { email, name, locale }, rpc);
  const created = await deps.bus.request(
    'rpc.order.create',
    { orderId, userId: user.userId, customerEmail: email, customerName: name, locale, productId: product.id, level: product.level, productName: product.name, amount: product.amount, currency: product.currency, free, product },
    rpc,
  );
  if (free) return { orderId, orderToken: created.orderToken, status: 'completed' };

  const stripe = deps.stripe as Stripe;
  try {
    const customerId = user.stripeCustomerId ?? (await ensureStripeCustomer(deps, stripe, user.userId, email, name, input.correlationId));
    const pi = created.paymentIntentId
      ? await stripe.paymentIntents.retrieve(created.paymentIntentId)
      : await createPaymentIntent(stripe, product, orderId, customerId, email);
    await deps.bus.request('rpc.order.attach-payment-intent', { orderId, paymentIntentId: pi.id }, rpc);
    return {
      clientSecret: pi.client_secret ?? '',
      paymentIntentId: pi.id,
      orderId,
      orderToken: created.orderToken,
      amount: product.amount,
      currency: product.currency,
      productName: product.name,
    };
  } catch (err) {
    if (!isStripeError(err)) throw err;
    deps.metrics.stripeFailures.inc({ operation: 'checkout' });
    input.log.error({ err: { type: err.type, message: err.message, requestId: err.requestId }, orderId }, 'Stripe PaymentIntent creation failed');
    await deps.bus.request('rpc.order.abandon', { orderId, reason: 'payment_provider_unavailable' }, rpc);
    if (input.idempotencyKey) await releaseKey(deps.requests, input.idempotencyKey);
    throw new PaymentIntentFailedError();
  }
}

async function ensureStripeCustomer(deps: CheckoutDeps, stripe: Stripe, userId: string, email: string, name: string | null, correlationId: string): Promise<string> {
  const customer = await stripe.customers.create(
    { email, ...(name ? { name } : {}), metadata: { userId } },
    { idempotencyKey: `lumira-customer-${userId}` },
  );
  const stored = await deps.bus.request('rpc.user.set-stripe-customer', { userId, stripeCustomerId: customer.id }, { correlationId });
  return stored.stripeCustomerId;
}

function createPaymentIntent(stripe: Stripe, product: Product, orderId: string, customer: string, email: string) {
  return stripe.paymentIntents.create(
    {
      amount: product.amount,
      currency: product.currency,
      customer,
      automatic_payment_methods: { enabled: true },
      description: `${product.name} (${orderId})`,
      metadata: { orderId, productId: product.id, level: String(product.level), productName: product.name, customerEmail: email },
    },
    // Derived from the order, so a retry after a crash finds the PaymentIntent instead of making a second one.
    { idempotencyKey: `lumira-pi-${orderId}-${product.amount}-${product.currency}` },
  );
}
