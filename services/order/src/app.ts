import { createOutboxIndex, createOutboxRelay } from '@lumira/bus';
import type { ConfigOf } from '@lumira/config';
import { createServiceApp, deadLetterRoutes, type ServiceApp } from '@lumira/http';
import type { ServiceDeps } from '@lumira/http/runtime';
import type { orderConfig } from './config.js';
import { orderCommands } from './order-commands.js';
import { consumePaymentFacts, serveOrderRpc } from './order-rpc.js';
import { orderTokens, resolveTokenSecret } from './order-token.js';
import type { OrderDoc } from './order.js';
import { adminOrderRoutes } from './routes/admin-orders.js';
import { orderReadRoutes } from './routes/order-read.js';

export type OrderConfig = ConfigOf<typeof orderConfig>;

export async function buildOrderApp({ config, logger, bus, store }: ServiceDeps<OrderConfig>): Promise<ServiceApp> {
  const orders = store.collection<OrderDoc>('orders');
  // No index on status: a handful of values is a costly index in the embedded store; admin lists scan.
  await Promise.all([orders.createIndex('customerEmail'), createOutboxIndex(orders)]);
  const secret = await resolveTokenSecret(config.ORDER_TOKEN_SECRET, store.collection('settings'));
  if (!config.ORDER_TOKEN_SECRET) logger.warn('ORDER_TOKEN_SECRET not set: using a generated key kept in the store');
  const tokens = orderTokens(secret);
  const relay = createOutboxRelay(bus, orders, logger, { source: 'order.orders' });
  const commands = orderCommands(orders, relay);

  const app = await createServiceApp({ service: 'order', logger });
  await app.register(orderReadRoutes, { orders, commands, tokens, bus });
  await app.register(adminOrderRoutes, { orders, adminApiKey: config.ADMIN_API_KEY });
  // The bus is shared by every service: its dead letters are shown and replayed from this one.
  await app.register(deadLetterRoutes, { bus, adminApiKey: config.ADMIN_API_KEY });

  const subscriptions = [...(await serveOrderRpc(bus, commands, tokens)), await consumePaymentFacts(bus, commands)];
  app.background.add('outbox', relay);
  app.addHook('onClose', async () => {
    await Promise.all(subscriptions.map((s) => s.stop()));
  });
  return app;
}
