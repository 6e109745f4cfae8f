import type { Bus } from '@lumira/bus';
import { CHECKOUT_CLEANUP_MS } from '@lumira/config';
import type { Product } from '@lumira/contracts/catalog';
import type { CheckoutReply, CreatePaymentIntentBody } from '@lumira/contracts/http';
import type { RpcReply } from '@lumira/contracts/rpc';
import type { Collection } from '@lumira/store';
import type { FastifyBaseLogger } from 'fastify';
import type Stripe from 'stripe';
import type { Catalog } from './catalog.js';
import { checkoutDeadline, type CheckoutDeadline, type CheckoutTimeouts } from './checkout-deadline.js';
import { claimKey, claimOpenPurchase, openPurchaseKey, releaseKey, replaceOpenPurchase, requestHash, type CheckoutRequest } from './checkout-request.js';
import { FreeOrderLimitError, InvalidProductError, PaymentIntentFailedError, StripeNotConfiguredError } from './errors.js';
import type { FreeOrderLimit } from './free-order-limit.js';
import { newOrderId } from './ids.js';
import type { PaymentMetrics } from './metrics.js';
import type { PurchaseTraces } from './purchase-traces.js';
import { ensureStripeCustomer, replaceStripeCustomer, type CustomerContext } from './stripe-customer.js';
import { isMissing, isStripeError } from './stripe-client.js';

export interface CheckoutDeps {
  bus: Bus;
  catalog: Catalog;
  stripe: Stripe | undefined;
  requests: Collection<CheckoutRequest>;
  metrics: PaymentMetrics;
  freeOrders: FreeOrderLimit;
  /** Where the checkout's trace context is kept for the payment's later news (tracing on only). */
  traces?: PurchaseTraces;
  timeouts: CheckoutTimeouts;
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

const payableIntent = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);
const payableOrder = (status: string) => status === 'pending' || status === 'failed';

function createPaymentIntent(stripe: Stripe, deadline: CheckoutDeadline, product: Product, orderId: string, customer: string, email: string) {
  return stripe.paymentIntents.create(
    {
      amount: product.amount,
      currency: product.currency,
      customer,
      automatic_payment_methods: { enabled: true },
      description: `${product.name} (${orderId})`,
      metadata: { orderId, productId: product.id, level: String(product.level), productName: product.name, customerEmail: email },
    },
    // Derived from the order (and its customer), so a retry after a crash finds the PaymentIntent instead of making a second one.
    { ...deadline.stripe(), idempotencyKey: `lumira-pi-${orderId}-${product.amount}-${product.currency}-${customer}` },
  );
}

/** The order's PaymentIntent if it is still payable (a customer retrying the same purchase), else null. */
async function reusableIntent(stripe: Stripe, deadline: CheckoutDeadline, paymentIntentId: string): Promise<Stripe.PaymentIntent | null> {
  try {
    const pi = await stripe.paymentIntents.retrieve(paymentIntentId, {}, deadline.stripe());
    return payableIntent.has(pi.status) ? pi : null;
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}

/**
 * The purchase flow, made safe to repeat: user, order, Stripe customer and PaymentIntent are each
 * found-or-created on keys derived from the order, so a retry after any crash converges on one order. With
 * an Idempotency-Key the key names the purchase; without one, the customer's open purchase of the product
 * (last 24 hours, still payable) is reused, so a client retrying after a gateway timeout pays one order.
 */
export async function checkout(deps: CheckoutDeps, input: CheckoutInput): Promise<CheckoutReply> {
  const product = deps.catalog.find(input.body.productId);
  if (!product) throw new InvalidProductError(input.body.productId);
  const free = product.amount === 0;
  if (!free && !deps.stripe) throw new StripeNotConfiguredError();
  const email = normaliseEmail(input.body.customerEmail);
  const name = input.body.customerName ?? null;
  const locale = input.body.locale ?? 'fr';
  // Every bus request and Stripe call below takes its timeout from here (libs/config timeout-budget).
  const deadline = checkoutDeadline(deps.timeouts);
  const rpc = () => deadline.rpc(input.correlationId);
  const openKey = input.idempotencyKey || free ? undefined : openPurchaseKey(email, product.id);

  const newId = newOrderId();
  let orderId = newId;
  if (input.idempotencyKey) orderId = await claimKey(deps.requests, input.idempotencyKey, requestHash({ productId: product.id, email, name, locale }), orderId);
  else if (openKey) orderId = await claimOpenPurchase(deps.requests, openKey, orderId);
  // A repeat of a request already admitted (same Idempotency-Key) is the same order: not counted again.
  if (free && orderId === newId) {
    const refused = await deps.freeOrders.admit(email, input.ip);
    if (refused) {
      if (input.idempotencyKey) await releaseKey(deps.requests, input.idempotencyKey, orderId);
      throw new FreeOrderLimitError(refused.retryAfterSeconds, refused.by);
    }
  }
  const user = await deps.bus.request('rpc.user.ensure', { email, name, locale }, rpc());
  const createOrder = (id: string) =>
    deps.bus.request(
      'rpc.order.create',
      {
        orderId: id,
        userId: user.userId,
        customerEmail: email,
        customerName: name,
        locale,
        productId: product.id,
        level: product.level,
        productName: product.name,
        amount: product.amount,
        currency: product.currency,
        free,
        product,
      },
      rpc(),
    );
  let created: RpcReply<'rpc.order.create'> = await createOrder(orderId);
  if (free) return { orderId, orderToken: created.orderToken, status: 'completed' };

  const stripe = deps.stripe as Stripe;
  try {
    let pi = created.paymentIntentId ? await reusableIntent(stripe, deadline, created.paymentIntentId) : null;
    if (openKey && (!payableOrder(created.order.status) || (created.paymentIntentId && !pi))) {
      // The open purchase was paid, canceled or abandoned meanwhile: this is a new purchase.
      orderId = await replaceOpenPurchase(deps.requests, openKey, orderId, newOrderId());
      created = await createOrder(orderId);
      pi = created.paymentIntentId ? await reusableIntent(stripe, deadline, created.paymentIntentId) : null;
    }
    if (!pi && created.paymentIntentId) pi = await stripe.paymentIntents.retrieve(created.paymentIntentId, {}, deadline.stripe());
    await deps.traces?.remember(orderId);
    if (!pi) {
      const ctx: CustomerContext = { bus: deps.bus, stripe, deadline, userId: user.userId, email, name, orderId, correlationId: input.correlationId };
      const customerId = await ensureStripeCustomer(ctx, user.stripeCustomerId);
      pi = await createPaymentIntent(stripe, deadline, product, orderId, customerId, email).catch(async (err: unknown) => {
        if (!isMissing(err, 'customer')) throw err;
        input.log.warn({ orderId }, 'Stripe no longer has the stored customer: a new one replaces it');
        return await createPaymentIntent(stripe, deadline, product, orderId, await replaceStripeCustomer(ctx, customerId), email);
      });
    }
    await deps.bus.request('rpc.order.attach-payment-intent', { orderId, paymentIntentId: pi.id }, rpc());
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
    input.log.error(
      { err: { type: err.type, code: err.code, message: err.message, requestId: err.requestId }, orderId },
      'Stripe PaymentIntent creation failed',
    );
    // Past the deadline too: the cleanup has its own slice of the gateway's timeout.
    await deps.bus.request(
      'rpc.order.abandon',
      { orderId, reason: 'payment_provider_unavailable' },
      { correlationId: input.correlationId, timeoutMs: CHECKOUT_CLEANUP_MS },
    );
    const key = input.idempotencyKey ?? openKey;
    if (key) await releaseKey(deps.requests, key, orderId);
    throw new PaymentIntentFailedError();
  }
}
