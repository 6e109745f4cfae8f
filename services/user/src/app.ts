import { createOutboxIndex, createOutboxRelay } from '@lumira/bus';
import type { ConfigOf } from '@lumira/config';
import { createServiceApp, type ServiceApp } from '@lumira/http';
import type { ServiceDeps } from '@lumira/http/runtime';
import type { userConfig } from './config.js';
import { adminUserRoutes } from './routes/admin-users.js';
import { userCommands } from './user-commands.js';
import { consumeUserEvents, serveUserRpc } from './user-handlers.js';
import type { UserDoc } from './user.js';

export type UserConfig = ConfigOf<typeof userConfig>;

export async function buildUserApp({ config, logger, bus, store }: ServiceDeps<UserConfig>): Promise<ServiceApp> {
  const users = store.collection<UserDoc>('users');
  await Promise.all([users.createIndex('email', { unique: true }), createOutboxIndex(users)]);
  const relay = createOutboxRelay(bus, users, logger, { source: 'user.users' });
  const commands = userCommands(users, relay, logger);

  const app = await createServiceApp({ service: 'user', logger });
  await app.register(adminUserRoutes, { users, adminApiKey: config.ADMIN_API_KEY });

  const subscriptions = [...(await serveUserRpc(bus, commands)), await consumeUserEvents(bus, commands)];
  app.background.add('outbox', relay);
  app.addHook('onClose', async () => {
    await Promise.all(subscriptions.map((s) => s.stop()));
  });
  return app;
}
