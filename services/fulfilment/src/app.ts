import path from 'node:path';
import { createOutboxIndex, createOutboxRelay } from '@lumira/bus';
import type { ConfigOf } from '@lumira/config';
import { createServiceApp, type ServiceApp } from '@lumira/http';
import type { ServiceDeps } from '@lumira/http/runtime';
import { createAccessIndexes, customerAccess, type SessionDoc, type SignInDoc } from './access/customer-access.js';
import { createCounterIndex, windowLimit, type CounterDoc } from './access/window-limit.js';
import { backgroundTasks } from './background.js';
import { loadLevelCatalog } from './catalog-deliverables.js';
import type { fulfilmentConfig } from './config.js';
import { linkMaker } from './downloads/download-links.js';
import { downloadSigningKey } from './downloads/signing-key.js';
import { expertAuthPlugin } from './experts/expert-auth.js';
import { createExpertIndexes, type ExpertDoc } from './experts/expert.js';
import { consumeOrderEvents } from './intake.js';
import { fulfilmentMetrics } from './metrics.js';
import type { ReadingDoc } from './reading.js';
import { readingLifecycle } from './reading-lifecycle.js';
import { readingWork } from './reading-work.js';
import { accessRoutes } from './routes/access.js';
import { adminExpertRoutes } from './routes/admin-experts.js';
import { downloadRoutes } from './routes/downloads.js';
import { expertFileRoutes } from './routes/expert-files.js';
import { expertReadingRoutes } from './routes/expert-readings.js';
import { createFileStore } from './storage/choose-file-store.js';
import { removeStaleUploads } from './uploads/stale-uploads.js';

export type FulfilmentConfig = ConfigOf<typeof fulfilmentConfig>;

async function openCollections(store: ServiceDeps<FulfilmentConfig>['store']) {
  const readings = store.collection<ReadingDoc>('readings');
  const experts = store.collection<ExpertDoc>('experts');
  const signIns = store.collection<SignInDoc>('signIns');
  const sessions = store.collection<SessionDoc>('sessions');
  const counters = store.collection<CounterDoc>('limits');
  await Promise.all([
    readings.createIndex('orderId', { unique: true }),
    readings.createIndex('queueKey'),
    // The expert queue is one status in queue order; an expert's own work is theirs in one status.
    readings.createIndex({ status: 1, queueKey: 1 }),
    readings.createIndex({ claimedBy: 1, status: 1 }),
    readings.createIndex('customerEmail'),
    readings.createIndex('userId'),
    createOutboxIndex(readings),
    createExpertIndexes(experts),
    createAccessIndexes(signIns, sessions),
    createCounterIndex(counters),
  ]);
  return { readings, experts, signIns, sessions, counters };
}

export async function buildFulfilmentApp({ config, logger, bus, store }: ServiceDeps<FulfilmentConfig>): Promise<ServiceApp> {
  const catalog = await loadLevelCatalog(config.CATALOG_PATH);
  const uploadDir = path.resolve(config.DATA_DIR, 'uploads');
  const stale = await removeStaleUploads(uploadDir, 15 * 60_000);
  if (stale > 0) logger.warn({ removed: stale }, 'partial uploads of an earlier process removed');
  const { readings, experts, signIns, sessions, counters } = await openCollections(store);
  const files = await createFileStore(config, logger);
  const key = await downloadSigningKey(store, config.DOWNLOAD_SIGNING_SECRET);
  const links = linkMaker({ key, lifetimeSeconds: config.DOWNLOAD_LINK_SECONDS, publicApiUrl: config.PUBLIC_API_URL });
  const relay = createOutboxRelay(bus, readings, logger, { source: 'fulfilment.readings' });
  const lifecycle = readingLifecycle(readings, catalog, logger.child({ component: 'readings' }));
  const work = readingWork(readings, relay);
  const background = backgroundTasks(logger);
  const window = { windowMs: config.SIGN_IN_WINDOW_MINUTES * 60_000 };
  const access = customerAccess({ readings, signIns, sessions }, bus, { linkMinutes: config.SIGN_IN_LINK_MINUTES, sessionMinutes: config.SESSION_MINUTES });

  // Behind the gateway, which puts the client's address in X-Forwarded-For (sign-in limits are per IP).
  const app = await createServiceApp({ service: 'fulfilment', logger, trustProxy: true });
  const metrics = fulfilmentMetrics(app.metrics);
  app.readiness.add('files', () => files.check());

  await app.register(adminExpertRoutes, { experts, work, adminApiKey: config.ADMIN_API_KEY });
  await app.register(async (expertScope) => {
    await expertScope.register(expertAuthPlugin, { experts });
    await expertScope.register(expertReadingRoutes, { readings, work, links });
    await expertScope.register(expertFileRoutes, {
      readings,
      work,
      files,
      links,
      metrics,
      uploadDir,
      maxBytes: { pdf: config.UPLOAD_MAX_PDF_BYTES, audio: config.UPLOAD_MAX_AUDIO_BYTES, image: config.UPLOAD_MAX_IMAGE_BYTES },
      audioTolerancePercent: config.AUDIO_DURATION_TOLERANCE_PERCENT,
    });
  });
  await app.register(accessRoutes, {
    access,
    readings,
    links,
    background,
    metrics,
    perAddress: windowLimit(counters, { scope: 'sign-in-address', max: config.SIGN_IN_PER_ADDRESS, ...window }),
    perIp: windowLimit(counters, { scope: 'sign-in-ip', max: config.SIGN_IN_PER_IP, ...window }),
  });
  await app.register(downloadRoutes, { readings, files, key, metrics });

  const subscription = await consumeOrderEvents(bus, lifecycle, metrics);
  app.background.add('outbox', relay);
  app.addHook('onClose', async () => {
    await subscription.stop();
    await background.drain();
    await files.close();
  });
  return app;
}
