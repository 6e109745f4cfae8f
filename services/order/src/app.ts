import { createOutboxIndex, createOutboxRelay } from '@lumira/bus';
import type { ConfigOf } from '@lumira/config';
import { createServiceApp, deadLetterRoutes, type ServiceApp } from '@lumira/http';
import type { ServiceDeps } from '@lumira/http/runtime';
import type { orderConfig } from './config.js';
import { orderCommands } from './order-commands.js';
import { orderMetrics } from './order-metrics.js';
import { consumePaymentFacts, serveOrderRpc } from './order-rpc.js';
import { orderTokens, resolveTokenSecret } from './order-token.js';
import type { OrderDoc } from './order.js';
import { countOverdueChecks, createPaymentCheckIndexes, schedulePaymentCheck, type PaymentCheckDoc } from './payment-checks.js';
import { paymentFactApplier } from './payment-facts.js';
import { pendingOrderSweep } from './pending-sweep.js';
import { adminOrderActionRoutes } from './routes/admin-order-actions.js';
import { adminOrderRoutes } from './routes/admin-orders.js';
import { orderReadRoutes } from './routes/order-read.js';

export type OrderConfig = ConfigOf<typeof orderConfig>;

export async function buildOrderApp({ config, logger, bus, store }: ServiceDeps<OrderConfig>): Promise<ServiceApp> {
  const orders = store.collection<OrderDoc>('orders');
  const checks = store.collection<PaymentCheckDoc>('paymentChecks');
  // The admin list filters on status, newest first.
  await Promise.all([
    orders.createIndex('customerEmail'),
    orders.createIndex({ status: 1, _id: -1 }),
    createOutboxIndex(orders),
    createPaymentCheckIndexes(checks),
  ]);
  const secret = await resolveTokenSecret(config.ORDER_TOKEN_SECRET, store.collection('settings'));
  if (!config.ORDER_TOKEN_SECRET) logger.warn('ORDER_TOKEN_SECRET not set: using a generated key kept in the store');
  const tokens = orderTokens(secret);
  const relay = createOutboxRelay(bus, orders, logger, { source: 'order.orders' });

  const app = await createServiceApp({ service: 'order', logger });
  const sweepAfterMs = config.PAYMENT_SWEEP_AFTER_SECONDS * 1000;
  const metrics = orderMetrics(app.metrics, async () => (sweepAfterMs > 0 ? await countOverdueChecks(checks, sweepAfterMs) : 0));
  const apply = paymentFactApplier(orders, relay, metrics, logger);
  const sweep =
    sweepAfterMs > 0
      ? pendingOrderSweep(
          { checks, orders, bus, apply, metrics, log: logger },
          {
            afterMs: sweepAfterMs,
            perSecond: config.PAYMENT_SWEEP_PER_SECOND,
            giveUpMs: config.PAYMENT_SWEEP_GIVE_UP_HOURS * 3_600_000,
            pollMs: Math.min(sweepAfterMs, 30_000),
          },
        )
      : undefined;
  const commands = orderCommands(
    orders,
    relay,
    async (orderId, paymentIntentId) => {
      if (sweep) await schedulePaymentCheck(checks, orderId, paymentIntentId, sweepAfterMs);
    },
    logger,
  );
  await app.register(orderReadRoutes, { orders, apply, tokens, bus });
  await app.register(adminOrderRoutes, { orders, adminApiKey: config.ADMIN_API_KEY });
  await app.register(adminOrderActionRoutes, { orders, bus, apply, adminApiKey: config.ADMIN_API_KEY });
  // The bus is shared by every service: its dead letters are shown and replayed from this one.
  await app.register(deadLetterRoutes, { bus, adminApiKey: config.ADMIN_API_KEY });

  const subscriptions = [...(await serveOrderRpc(bus, commands, tokens)), await consumePaymentFacts(bus, apply)];
  app.background.add('outbox', relay);
  if (sweep) app.background.add('payment-sweep', sweep);
  app.addHook('onClose', async () => {
    await Promise.all(subscriptions.map((s) => s.stop()));
  });
  return app;
}
