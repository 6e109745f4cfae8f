import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { ConfigOf } from '@lumira/config';
import { createServiceApp, type ServiceApp } from '@lumira/http';
import type { Logger } from 'pino';
import type { gatewayConfig } from './config.js';
import { docsPlugin } from './docs.js';
import { proxyPlugin } from './proxy.js';
import { securityHeadersPlugin } from './security-headers.js';
import { streamedBodiesPlugin } from './streamed-bodies.js';
import type { Upstream } from './routes-table.js';
import { upstreamReadiness } from './upstream-readiness.js';

export type GatewayConfig = ConfigOf<typeof gatewayConfig>;

export function upstreamsOf(config: GatewayConfig): Record<Upstream, string> {
  return {
    payment: config.PAYMENT_URL,
    order: config.ORDER_URL,
    user: config.USER_URL,
    notification: config.NOTIFICATION_URL,
    'crm-sync': config.CRM_SYNC_URL,
    fulfilment: config.FULFILMENT_URL,
  };
}

/** The one public door: routing, request ids, limits and security headers; no business logic. */
export async function buildGatewayApp({ config, logger }: { config: GatewayConfig; logger: Logger }): Promise<ServiceApp> {
  // The public door never answers /metrics: they are served on METRICS_PORT, which is never published.
  const app = await createServiceApp({
    service: 'gateway',
    logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    describeRoutes: false,
    metricsOnAppPort: false,
  });
  const upstreams = upstreamsOf(config);
  for (const [name, url] of Object.entries(upstreams)) app.readiness.add(name, upstreamReadiness(url));

  await app.register(securityHeadersPlugin, { publicUrl: config.PUBLIC_URL });
  // Before the rate limiter: a refused request's body is then read and dropped, not left in the socket.
  await app.register(streamedBodiesPlugin, { defaultLimit: config.BODY_LIMIT_BYTES, idleTimeoutMs: config.CLIENT_BODY_TIMEOUT_MS });
  const allowed = new Set(config.CORS_ORIGINS);
  await app.register(cors, {
    origin: (origin, cb) => cb(null, !origin || allowed.has(origin)),
    exposedHeaders: ['x-request-id'],
    // An OPTIONS without the preflight headers is answered like any preflight (204), not with cors's
    // own text/plain 400.
    strictPreflight: false,
  });
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    errorResponseBuilder: (request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`,
      requestId: String(request.id),
    }),
  });
  await app.register(docsPlugin, {
    upstreams,
    shopName: config.SHOP_NAME,
    publicUrl: config.PUBLIC_URL,
    defaultServer: `http://127.0.0.1:${config.PORT || 3000}`,
  });
  await app.register(proxyPlugin, { upstreams, timeoutMs: config.UPSTREAM_TIMEOUT_MS, bodyLimit: config.BODY_LIMIT_BYTES });
  return app;
}
