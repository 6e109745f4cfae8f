import { performance } from 'node:perf_hooks';
import { loadConfig } from '@lumira/config';
import { gatewayConfig } from '@lumira/gateway/config';
import type { Logger } from '@lumira/logging';
import type { RunningGateway } from './running-gateway.js';

/**
 * The gateway on the main thread, next to the services (the default): one V8 heap and one copy of
 * fastify and the rest instead of two, about 30 MB less resident than a thread of its own. Its load is
 * then the main thread's event-loop utilisation, the services' work included.
 */
export async function startGatewayInProcess(env: Record<string, string | undefined>, logger: Logger): Promise<RunningGateway> {
  const config = loadConfig('gateway', gatewayConfig, env);
  // Imported here: with GATEWAY_THREAD the main thread never loads the gateway's modules.
  const { buildGatewayApp } = await import('@lumira/gateway');
  const app = await buildGatewayApp({ config, logger: logger.child({ service: 'gateway' }) });
  let url: string;
  try {
    url = await app.listen({ port: config.PORT, host: config.HOST });
  } catch (err) {
    await app.close();
    throw err;
  }
  let closed: Promise<void> | undefined;
  return {
    url,
    load: (since) => performance.eventLoopUtilization(since),
    close: () => (closed ??= app.close().then(() => undefined)),
  };
}
