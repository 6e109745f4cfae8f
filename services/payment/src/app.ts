import { createOutboxIndex, createOutboxRelay } from '@lumira/bus';
import { ConfigError, timeoutBudgetProblems, type ConfigOf } from '@lumira/config';
import { createServiceApp, type ServiceApp } from '@lumira/http';
import type { ServiceDeps } from '@lumira/http/runtime';
import { loadCatalog } from './catalog.js';
import type { CheckoutRequest } from './checkout-request.js';
import type { paymentConfig } from './config.js';
import { createFreeOrderIndex, freeOrderLimit, type FreeOrderCounter } from './free-order-limit.js';
import { paymentMetrics } from './metrics.js';
import { missedEventsReader } from './missed-events.js';
import { purchaseTraces, type PurchaseTraceDoc } from './purchase-traces.js';
import { createReconciler } from './reconciler.js';
import { createRetentionIndexes } from './retention.js';
import { serveRefunds } from './refund-rpc.js';
import { checkoutRoutes } from './routes/checkout.js';
import { productRoutes } from './routes/products.js';
import { webhookRoutes } from './routes/webhook.js';
import { createStripeClient, stripeMode } from './stripe-client.js';
import type { WebhookEventDoc } from './webhook-event.js';

export type PaymentConfig = ConfigOf<typeof paymentConfig>;

export async function buildPaymentApp({ config, logger, bus, store }: ServiceDeps<PaymentConfig>): Promise<ServiceApp> {
  const budget = timeoutBudgetProblems(config);
  if (budget.length > 0) throw new ConfigError('payment', budget);
  const catalog = await loadCatalog(config.CATALOG_PATH);
  const stripeSettings = { secretKey: config.STRIPE_SECRET_KEY, apiBase: config.STRIPE_API_BASE, timeoutMs: config.STRIPE_TIMEOUT_MS };
  const stripe = createStripeClient(stripeSettings);
  const mode = stripeMode(stripeSettings);

  // Behind the gateway, which puts the client's address in X-Forwarded-For (free orders are limited per IP).
  const app = await createServiceApp({ service: 'payment', logger, trustProxy: true });
  const metrics = paymentMetrics(app.metrics);
  const events = store.collection<WebhookEventDoc>('webhookEvents');
  const requests = store.collection<CheckoutRequest>('checkoutRequests');
  const freeOrderCounters = store.collection<FreeOrderCounter>('freeOrderCounters');
  await Promise.all([
    createOutboxIndex(events),
    createFreeOrderIndex(freeOrderCounters),
    createRetentionIndexes(events, requests, { webhookEvents: config.WEBHOOK_EVENT_RETENTION_DAYS, checkoutRequests: config.CHECKOUT_REQUEST_RETENTION_DAYS }),
  ]);
  const freeOrders = freeOrderLimit(freeOrderCounters, {
    perAddress: config.FREE_ORDERS_PER_ADDRESS,
    perIp: config.FREE_ORDERS_PER_IP,
    windowMs: config.FREE_ORDER_WINDOW_HOURS * 3_600_000,
  });
  const relay = createOutboxRelay(bus, events, logger, { source: 'payment.webhookEvents' });
  const traces = await purchaseTraces(store.collection<PurchaseTraceDoc>('purchaseTraces'));
  const reconciler = createReconciler(bus, stripe, metrics, traces);

  app.readiness.add('stripe', async () => {
    if (mode === 'disabled') return { status: 'down', detail: 'STRIPE_SECRET_KEY environment variable is required (free products still work)' };
    if (!config.STRIPE_WEBHOOK_SECRET) return { status: 'down', detail: 'STRIPE_WEBHOOK_SECRET environment variable is required' };
    return { status: 'up', detail: mode === 'emulator' ? `emulator at ${config.STRIPE_API_BASE}` : 'stripe api' };
  });

  await app.register(productRoutes, { catalog });
  await app.register(checkoutRoutes, {
    deps: {
      bus,
      catalog,
      stripe,
      requests,
      metrics,
      freeOrders,
      traces,
      timeouts: { checkoutMs: config.CHECKOUT_TIMEOUT_MS, stripeMs: config.STRIPE_TIMEOUT_MS },
    },
  });
  await app.register(webhookRoutes, { secret: config.STRIPE_WEBHOOK_SECRET, events, relay, metrics });

  const missed =
    stripe && config.STRIPE_MISSED_EVENTS_SECONDS > 0
      ? missedEventsReader(stripe, events, store.collection('settings'), relay, metrics, logger, {
          intervalMs: config.STRIPE_MISSED_EVENTS_SECONDS * 1000,
          lookbackMs: config.STRIPE_MISSED_EVENTS_LOOKBACK_HOURS * 3_600_000,
          pagesPerPass: 10,
        })
      : undefined;

  const subscriptions = [...(await reconciler.start()), await serveRefunds(bus, stripe, metrics)];
  app.background.add('outbox', relay);
  if (missed) app.background.add('missed-events', missed);
  app.addHook('onClose', async () => {
    await Promise.all(subscriptions.map((s) => s.stop()));
  });
  return app;
}
