import closeWithGrace from 'close-with-grace';
import { exitOnConfigError, loadConfig } from '@lumira/config';
import { listenMetrics } from '@lumira/http';
import { createLogger } from '@lumira/logging';
import { startTelemetry, telemetrySettings } from '@lumira/telemetry';
import { buildGatewayApp } from './app.js';
import { gatewayConfig } from './config.js';

let config;
try {
  config = loadConfig('gateway', gatewayConfig);
} catch (err) {
  exitOnConfigError(err);
}
const telemetry = await startTelemetry(telemetrySettings(config));
const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL });
const app = await buildGatewayApp({ config, logger });
const metrics = config.METRICS_PORT > 0 ? await listenMetrics(app, { port: config.METRICS_PORT, host: config.HOST }) : null;
closeWithGrace({ delay: config.SHUTDOWN_TIMEOUT_MS, logger }, async () => {
  await app.close();
  await metrics?.close();
  await telemetry.shutdown();
});
await app.listen({ port: config.PORT, host: config.HOST });
