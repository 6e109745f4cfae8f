import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '@lumira/config';
import { buildGatewayApp, gatewayConfig } from '@lumira/gateway';
import type { ServiceApp } from '@lumira/http';
import { createLogger } from '@lumira/logging';
import { startTelemetry, telemetrySettings, type Telemetry } from '@lumira/telemetry';
import type { GatewayThreadData, GatewayThreadMessage } from './gateway-thread-messages.js';

/** The gateway's own thread: it builds and runs the gateway as its container would, and answers close. */
const { env, pretty, forwardLogs } = workerData as GatewayThreadData;
const port = parentPort!;
const send = (message: GatewayThreadMessage) => port.postMessage(message);
const destination = forwardLogs
  ? new Writable({
      write(chunk: Buffer, _encoding, done) {
        send({ type: 'log', line: chunk.toString() });
        done();
      },
    })
  : undefined;

let app: ServiceApp | undefined;
let telemetry: Telemetry | undefined;
try {
  const config = loadConfig('gateway', gatewayConfig, env);
  // A thread has its own tracing globals: the gateway's spans are exported from here.
  telemetry = await startTelemetry(telemetrySettings(config));
  const logger = createLogger({ name: 'lumira', level: config.LOG_LEVEL, pretty, destination }).child({ service: 'gateway' });
  app = await buildGatewayApp({ config, logger });
  send({ type: 'listening', url: await app.listen({ port: config.PORT, host: config.HOST }) });
} catch (err) {
  send({ type: 'failed', message: (err as Error).message, code: (err as NodeJS.ErrnoException).code });
  await app?.close();
  port.close();
}

port.on('message', (message: { type: 'close' }) => {
  if (message.type !== 'close') return;
  void (async () => {
    await app?.close();
    await telemetry?.shutdown();
    send({ type: 'closed' });
    port.close();
  })();
});
