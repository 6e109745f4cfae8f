import path from 'node:path';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { ConfigError, commonConfig, loadConfig, type ConfigOf } from '@lumira/config';
// The config alone: the gateway's modules are loaded where it runs (gateway-in-process.ts or its thread).
import { gatewayConfig } from '@lumira/gateway/config';
import { addInfrastructureChecks, openInfrastructure, serveBusDuties, shutdown, startProducers, type Infrastructure } from '@lumira/http/runtime';
import type { StoreRoot } from '@lumira/store';
import type { ServiceApp } from '@lumira/http';
import { createLogger, prettyByDefault } from '@lumira/logging';
import { startTelemetry, telemetrySettings } from '@lumira/telemetry';
import { createStripeEmulator, type StripeEmulator } from '@lumira/stripe-emulator';
import { standaloneConfig } from './config.js';
import { startGatewayInProcess } from './gateway-in-process.js';
import type { RunningGateway } from './running-gateway.js';
import { services } from './services.js';

export interface RunningSystem {
  gatewayUrl: string;
  emulator: StripeEmulator | undefined;
  /** Direct addresses of the services, for tests and benchmarks that bypass the gateway. */
  serviceUrls: Record<string, string>;
  lines: string[];
  infra: Infrastructure;
  /** How busy the gateway's event loop has been: its thread's, or the main thread's (services included) without GATEWAY_THREAD. */
  gatewayLoad(since?: EventLoopUtilization): EventLoopUtilization;
  stop(): Promise<void>;
}

type Env = Record<string, string | undefined>;

/** Every problem of every part at once, so one start attempt shows all that must be fixed. */
function loadAll(env: Env) {
  const problems: string[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
      return undefined;
    }
  };
  const gateway = attempt(() => loadConfig('gateway', gatewayConfig, env));
  const local = attempt(() => loadConfig('standalone', standaloneConfig, env));
  const common = attempt(() => loadConfig('system', commonConfig, env));
  if (problems.length > 0 || !gateway || !local || !common) throw new ConfigError('lumira', [...new Set(problems)]);
  return { gateway, local, common };
}

/**
 * The whole system in one process: the six services on loopback ports next to the gateway, one
 * in-process bus and one embedded store unless NATS_URL / MONGODB_URL say otherwise, and the Stripe
 * emulator when no Stripe key is given.
 */
export interface StartOptions {
  /** Tests: every service (and the emulator) on a port the OS picks, instead of PORT+1…PORT+5. */
  ephemeralPorts?: boolean;
  /** Tests: every log line, of the services and of the gateway (on its thread or not), goes here instead of stdout. */
  logDestination?: NodeJS.WritableStream;
  /** The benchmark: another embedded store to compare with (the old nedb one, bench/nedb-store.ts). */
  openStoreRoot?: () => Promise<StoreRoot>;
}

export async function startSystem(env: Env = process.env, options: StartOptions = {}): Promise<RunningSystem> {
  const { gateway, local, common } = loadAll(env);
  const destination = options.logDestination;
  const telemetry = await startTelemetry(telemetrySettings(common));
  const logger = createLogger({ name: 'lumira', level: common.LOG_LEVEL, ...(destination ? { destination } : {}) });
  const lines: string[] = [];
  const serviceEnv: Env = { ...env };
  const serviceUrls: Record<string, string> = {};

  let emulator: StripeEmulator | undefined;
  if (!local.STRIPE_SECRET_KEY) {
    // Its account lives under DATA_DIR like the store, so a restart finds the PaymentIntents it made.
    emulator = createStripeEmulator({ logger: false, dataDir: path.join(common.DATA_DIR, 'stripe-emulator') });
    const emulatorUrl = await emulator.listen({ port: options.ephemeralPorts ? 0 : local.STRIPE_EMULATOR_PORT, host: '127.0.0.1' });
    Object.assign(serviceEnv, { STRIPE_API_BASE: emulatorUrl, STRIPE_WEBHOOK_SECRET: local.STRIPE_WEBHOOK_SECRET });
    serviceUrls['stripe-emulator'] = emulatorUrl;
    lines.push(`Stripe emulator  ${emulatorUrl}  (no STRIPE_SECRET_KEY: test cards pm_card_visa, pm_card_chargeDeclined)`);
  }

  const infra = await openInfrastructure(common, 'lumira', logger, options.openStoreRoot);
  lines.push(`bus              ${infra.bus.kind === 'nats' ? `NATS JetStream ${common.NATS_URL}` : 'in-process (set NATS_URL for NATS JetStream)'}`);
  lines.push(`store            ${infra.storeRoot.kind === 'mongodb' ? 'MongoDB' : `embedded, data in ${common.DATA_DIR} (set MONGODB_URL for MongoDB)`}`);
  lines.push(
    `admin            ${common.ADMIN_API_KEY ? '/api/admin/* with Authorization: Bearer $ADMIN_API_KEY' : 'off (set ADMIN_API_KEY, at least 16 characters, to turn on /api/admin/*)'}`,
  );

  const apps: ServiceApp[] = [];
  const upstreams: Env = {};
  try {
    // Two phases: every service is built (and so subscribed) before any of them starts producing, so a
    // message left in an outbox by a crash is published only once every consumer group is there.
    const built: { app: ServiceApp; port: number; definition: (typeof services)[number]['definition']; upstreamVar: string; config: unknown }[] = [];
    for (const { definition, offset, upstreamVar } of services) {
      const port = options.ephemeralPorts ? 0 : gateway.PORT + offset;
      const config = loadConfig(definition.name, definition.configSpec, { ...serviceEnv, PORT: String(port), HOST: '127.0.0.1' }) as ConfigOf<
        typeof commonConfig
      >;
      const store = infra.storeRoot.forService(definition.name);
      const app = await definition.build({ config, logger: logger.child({ service: definition.name }), bus: infra.bus, store });
      addInfrastructureChecks(app, infra.bus, store);
      apps.push(app);
      await serveBusDuties(app, infra.bus, definition.name);
      built.push({ app, port, definition, upstreamVar, config });
    }
    await startProducers(apps);
    for (const { app, port, definition, upstreamVar, config } of built) {
      const url = await app.listen({ port, host: '127.0.0.1' });
      upstreams[upstreamVar] = url;
      serviceUrls[definition.name] = url;
      lines.push(`${definition.name.padEnd(17)}${url}`);
      for (const line of definition.banner?.(config as never) ?? []) lines.push(`  ${line}`);
    }
  } catch (err) {
    await shutdown(apps, infra);
    await emulator?.close();
    throw err;
  }
  let runningGateway: RunningGateway;
  try {
    const gatewayEnv = { ...env, ...upstreams };
    const forwarded = destination ? (line: string) => void destination.write(line) : undefined;
    // Each loaded only when chosen: the other's modules stay out of the process.
    runningGateway = local.GATEWAY_THREAD
      ? await (
          await import('./gateway-thread.js')
        ).startGatewayThread({ env: gatewayEnv, pretty: prettyByDefault(), forwardLogs: Boolean(destination) }, forwarded)
      : await startGatewayInProcess(gatewayEnv, logger);
  } catch (err) {
    await shutdown(apps, infra);
    await emulator?.close();
    throw err;
  }
  const gatewayUrl = runningGateway.url;
  const gatewayPort = new URL(gatewayUrl).port;
  emulator?.setWebhook({ url: `http://127.0.0.1:${gatewayPort}/api/webhooks/stripe`, secret: local.STRIPE_WEBHOOK_SECRET });
  lines.unshift(`gateway          ${gatewayUrl}  (API docs at /docs, readiness at /ready)`);

  return {
    gatewayUrl,
    emulator,
    serviceUrls,
    lines,
    infra,
    gatewayLoad: (since) => runningGateway.load(since),
    async stop() {
      // Stripe first: its deliveries stop and its kept-alive connections to the gateway close with it.
      await emulator?.close();
      await runningGateway.close();
      await shutdown(apps, infra);
      await telemetry.shutdown();
    },
  };
}
