import closeWithGrace from 'close-with-grace';
import { connectBus, serveDeadLetterReplay, type Bus } from '@lumira/bus';
import { commonConfig, exitOnConfigError, loadConfig, type ConfigOf, type ConfigSpec } from '@lumira/config';
import { createLogger } from '@lumira/logging';
import { openStore, type Store, type StoreRoot } from '@lumira/store';
import { startTelemetry, telemetrySettings } from '@lumira/telemetry';
import type { Logger } from 'pino';
import { listenMetrics } from './metrics-listener.js';
import type { ServiceApp } from './service-app.js';

type CommonConfig = ConfigOf<typeof commonConfig>;

export interface ServiceDeps<C> {
  config: C;
  logger: Logger;
  bus: Bus;
  store: Store;
}

/** What each service package exports: its name, its environment, and how to build it from dependencies. */
export interface ServiceDefinition<S extends ConfigSpec = ConfigSpec> {
  name: string;
  configSpec: S;
  build(deps: ServiceDeps<ConfigOf<S>>): Promise<ServiceApp>;
  /** Extra lines for the start banner (e.g. "mails go to ./data/mail"). */
  banner?(config: ConfigOf<S>): string[];
}

export function defineService<S extends ConfigSpec>(definition: ServiceDefinition<S>): ServiceDefinition<S> {
  return definition;
}

/** Readiness of the two shared dependencies, and the bus's metrics, added to every service the same way. */
export function addInfrastructureChecks(app: ServiceApp, bus: Bus, store: Store): void {
  app.metricsRegistries.push(bus.metrics.registry);
  app.readiness.add('bus', async () => {
    const h = await bus.check();
    return { status: h.ok ? 'up' : 'down', detail: h.detail };
  });
  app.readiness.add('store', async () => {
    await store.ping();
    return { status: 'up', detail: store.kind };
  });
}

/**
 * Each service answers the replays of the dead letters only it may publish (libs/bus/src/dead-letter-replay.ts),
 * whichever process hosts the admin API that asks; until its app closes.
 */
export async function serveBusDuties(app: ServiceApp, bus: Bus, service: string): Promise<void> {
  const replays = await serveDeadLetterReplay(bus, service);
  if (replays) app.addHook('onClose', async () => await replays.stop());
}

export interface Infrastructure {
  bus: Bus;
  storeRoot: StoreRoot;
}

/** The store first: the in-process bus keeps its log in it (namespace `bus`). */
export async function openInfrastructure(
  config: CommonConfig,
  name: string,
  logger: Logger,
  openStoreRoot?: () => Promise<StoreRoot>,
): Promise<Infrastructure> {
  const storeRoot = openStoreRoot
    ? await openStoreRoot()
    : await openStore({ mongodbUrl: config.MONGODB_URL, mongodbDb: config.MONGODB_DB, dataDir: config.DATA_DIR, embeddedSync: config.EMBEDDED_STORE_SYNC });
  try {
    const bus = await connectBus({
      natsUrl: config.NATS_URL,
      natsUser: config.NATS_USER,
      natsPassword: config.NATS_PASSWORD,
      natsTlsCaFile: config.NATS_TLS_CA,
      name,
      log: logger.child({ component: 'bus' }),
      store: storeRoot.forService('bus'),
      ackWaitMs: config.BUS_ACK_WAIT_MS,
    });
    return { bus, storeRoot };
  } catch (err) {
    await storeRoot.close();
    throw err;
  }
}

/**
 * Second phase of a start: once every app of the process is built (and so subscribed), each becomes ready
 * and its producers start — outbox relays, senders, pollers. A message they publish then always finds its
 * consumers declared, whatever the start order.
 */
export async function startProducers(apps: ServiceApp[]): Promise<void> {
  for (const app of apps) await app.ready();
}

/**
 * Closes in the reverse order of a start: every app's producers first (no new messages), then the apps in
 * reverse start order (a service is gone before the ones it asks are), each finishing in-flight requests
 * and messages; then the bus, then the store.
 */
export async function shutdown(apps: ServiceApp[], infra: Infrastructure): Promise<void> {
  for (const app of [...apps].reverse()) await app.background.stop();
  for (const app of [...apps].reverse()) await app.close();
  await infra.bus.close();
  await infra.storeRoot.close();
}

/** The process form of a service, as containers run it: one service, its own port. */
export async function runService<S extends ConfigSpec>(definition: ServiceDefinition<S>): Promise<void> {
  let config: ConfigOf<S> & CommonConfig;
  try {
    config = loadConfig(definition.name, definition.configSpec) as ConfigOf<S> & CommonConfig;
  } catch (err) {
    exitOnConfigError(err);
  }
  const telemetry = await startTelemetry(telemetrySettings(config));
  const logger = createLogger({ name: definition.name, level: config.LOG_LEVEL });
  const infra = await openInfrastructure(config, definition.name, logger);
  const store = infra.storeRoot.forService(definition.name);
  // A build can still find the configuration wrong (variables that only make sense together).
  const app = await definition.build({ config, logger, bus: infra.bus, store }).catch(exitOnConfigError);
  addInfrastructureChecks(app, infra.bus, store);
  await serveBusDuties(app, infra.bus, definition.name);
  await startProducers([app]);
  const metrics = config.METRICS_PORT > 0 ? await listenMetrics(app, { port: config.METRICS_PORT, host: config.HOST }) : null;
  closeWithGrace({ delay: config.SHUTDOWN_TIMEOUT_MS, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'fatal error: shutting down');
    else logger.info({ signal }, 'shutting down');
    await shutdown([app], infra);
    await metrics?.close();
    await telemetry.shutdown();
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.info({ bus: infra.bus.kind, store: infra.storeRoot.kind, lines: definition.banner?.(config) ?? [] }, `${definition.name} ready`);
}
