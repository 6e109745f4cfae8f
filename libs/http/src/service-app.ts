import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { traceRequests } from '@lumira/telemetry';
import type { Logger } from 'pino';
import { backgroundPlugin } from './background.js';
import { installErrorHandler } from './error-handler.js';
import { answerProtocolErrors } from './protocol-checks.js';
import { healthPlugin } from './health.js';
import { answerClientError, answerFrameworkError } from './malformed-requests.js';
import { metricsPlugin } from './metrics.js';
import { openapiPlugin } from './openapi.js';

export type ServiceApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

const quietRoutes = new Set(['/health', '/ready', '/metrics', '/openapi.json']);
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A well-formed x-request-id from the gateway is kept so one id follows a request through every service. */
export function requestIdFrom(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export interface ServiceAppOptions {
  service: string;
  logger: Logger;
  bodyLimit?: number;
  /** Behind a load balancer (Coolify, an Ingress) the client IP comes from X-Forwarded-For. */
  trustProxy?: boolean;
  /** False for the gateway, which serves the services' merged description instead of its own. */
  describeRoutes?: boolean;
  /** false: no GET /metrics on this app's port, ever (the public gateway); metrics then only on listenMetrics. */
  metricsOnAppPort?: boolean;
}

/** The common base of every service and the gateway: zod on routes, one error shape, health, ready, metrics. */
export async function createServiceApp(options: ServiceAppOptions): Promise<ServiceApp> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: requestIdFrom,
    // One concise line per request (see the onResponse hook) instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    return503OnClosing: true,
    trustProxy: options.trustProxy ?? false,
    // Requests Node or the router cannot parse get the same error body as everything else.
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    http: { requireHostHeader: false },
  }).withTypeProvider<ZodTypeProvider>();
  // Node only asks the OS for a peer's address on first use, and a socket the client has already reset
  // has none: requests pipelined on it would have no `request.ip` (the rate limiter threw on that). Read
  // it at accept time, when it is cached; a connection that is already gone is dropped here.
  app.server.on('connection', (socket: Socket) => {
    if (socket.remoteAddress === undefined) socket.destroy();
  });
  answerProtocolErrors(app);
  // First hook of all, so the span covers the request and every log line of it carries the trace id.
  // The gateway is the public edge: a client may not switch tracing off there.
  traceRequests(app, options.service, { publicEdge: options.service === 'gateway' });
  // Every body of ours is JSON: a text/plain one is refused as such (415), not parsed into a string that
  // then fails validation with a puzzling "expected object".
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    // Probes and scrapes arrive every few seconds: they would drown the lines that matter.
    const route = request.routeOptions.url ?? '';
    const level = quietRoutes.has(route) && reply.statusCode < 400 ? 'debug' : 'info';
    request.log[level](
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request done',
    );
  });
  await app.register(backgroundPlugin);
  await app.register(metricsPlugin, { service: options.service, appPort: options.metricsOnAppPort ?? true });
  await app.register(healthPlugin, { service: options.service });
  if (options.describeRoutes !== false) await app.register(openapiPlugin, { service: options.service });
  return app;
}
