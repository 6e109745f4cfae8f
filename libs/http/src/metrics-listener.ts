import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './malformed-requests.js';
import { metricsText } from './metrics.js';

// Required, not imported: an ES import of node:http makes Node read every export, the lazy WebSocket among
// them, which loads Node's own copy of undici for nothing.
const { createServer } = createRequire(import.meta.url)('node:http') as typeof import('node:http');

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/**
 * GET /metrics on a port of its own (METRICS_PORT), for Prometheus inside the cluster or compose network: the
 * app's own port, which the gateway or an Ingress exposes, then answers /metrics with 404. Nothing else is
 * served here, so this port never needs to be published.
 */
export async function listenMetrics(app: FastifyInstance, options: { port: number; host: string }): Promise<MetricsListener> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(errorBody('NOT_FOUND', 'Only GET /metrics is served here', randomUUID())));
      return;
    }
    metricsText(app).then(
      (text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
      (err: unknown) => {
        app.log.error({ err }, 'metrics collection failed');
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(errorBody('INTERNAL', 'Internal server error', randomUUID())));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  app.metricsOnAppPort = false;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}/metrics`,
    close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
