import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import fp from 'fastify-plugin';
import { errorBody } from '@lumira/http';
import { injectTraceHeaders } from '@lumira/telemetry';
import { Pool, type Dispatcher } from '@lumira/http/undici';
import { BodyGuard } from './body-guard.js';
import { endToEndHeaders } from './hop-by-hop.js';
import { describeProxyFailure, UpstreamTimeoutError } from './proxy-failure.js';
import { proxyRoutes, type Upstream } from './routes-table.js';

export interface ProxyOptions {
  upstreams: Record<Upstream, string>;
  timeoutMs: number;
  /** BODY_LIMIT_BYTES: the limit of a route that sets none. */
  bodyLimit: number;
}

const METHODS: HTTPMethods[] = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'OPTIONS'];
/** Dot segments (plain or percent-encoded) or backslashes could lead a service to a path outside the prefix. */
const UNSAFE_PATH = /(^|[/\\])(\.|%2e){1,2}([/\\?#]|$)|\\|%5c/i;

/**
 * The service's deadline starts once it has the whole request: a slow upload is the client's time (the
 * body guard bounds it), not the service's. With the request already whole, undici's own headers
 * timeout is that deadline; otherwise a timer started when the body ends aborts the call.
 */
function upstreamDeadline(timeoutMs: number, body: BodyGuard | null, whole: boolean): { options: Partial<Dispatcher.RequestOptions>; clear(): void } {
  if (!body || whole) return { options: { headersTimeout: timeoutMs }, clear: () => undefined };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  body.once('end', () => {
    timer = setTimeout(() => controller.abort(new UpstreamTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return { options: { signal: controller.signal }, clear: () => clearTimeout(timer) };
}

/** A request target in absolute form (`GET http://host/path`, which servers must accept) as a path. */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

async function forward(pool: Pool, upstream: Upstream, timeoutMs: number, request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.replace(ORIGIN, '') || '/';
  if (UNSAFE_PATH.test(path.split('?', 1)[0]!)) {
    return reply.code(400).send(errorBody('BAD_REQUEST', 'The path may not contain dot segments or backslashes', String(request.id)));
  }
  const body = request.body instanceof BodyGuard ? request.body : null;
  // Without a body to forward (GET and HEAD bodies are dropped) no length may be announced either.
  const headers = endToEndHeaders(request.headers, body ? ['host', 'expect'] : ['host', 'expect', 'content-length']);
  headers['x-request-id'] = String(request.id);
  // The client's address as the gateway sees it (TRUST_PROXY decides whether to believe a load balancer in
  // front): whatever X-Forwarded-For the client sent is replaced, never passed on. Per-IP limits use it.
  headers['x-forwarded-for'] = request.ip;
  // The service's span is a child of this request's (what the client sent is replaced when tracing is on).
  injectTraceHeaders(headers);
  const deadline = upstreamDeadline(timeoutMs, body, request.raw.complete);
  try {
    const res = await pool.request({ method: request.method as Dispatcher.HttpMethod, path, headers, body, ...deadline.options });
    deadline.clear();
    return reply.code(res.statusCode).headers(endToEndHeaders(res.headers)).send(res.body);
  } catch (err) {
    deadline.clear();
    const failure = describeProxyFailure(err, upstream);
    request.log[failure.level]({ upstream, code: (err as { code?: string }).code ?? (err as Error).name, status: failure.status }, 'forwarding failed');
    return reply.code(failure.status).send(errorBody(failure.code, failure.message, String(request.id)));
  }
}

/** Each public prefix goes to the service that owns it, over a pool of kept-alive connections per service. */
export const proxyPlugin = fp(
  async (app: FastifyInstance, options: ProxyOptions) => {
    const pools = new Map<Upstream, Pool>();
    for (const [name, url] of Object.entries(options.upstreams) as [Upstream, string][]) {
      // The headers deadline is set per request (upstreamDeadline); bodyTimeout bounds each pause in the
      // service's answer.
      pools.set(name, new Pool(url, { connections: 128, pipelining: 1, headersTimeout: 0, bodyTimeout: options.timeoutMs, connect: { timeout: 3000 } }));
    }
    app.addHook('onClose', async () => {
      await Promise.all([...pools.values()].map(async (pool) => await pool.close()));
    });
    for (const route of proxyRoutes) {
      const pool = pools.get(route.upstream)!;
      const config = { rateLimit: route.rateLimited ? undefined : (false as const), bodyLimit: route.bodyLimitBytes ?? options.bodyLimit };
      const handler = async (request: FastifyRequest, reply: FastifyReply) => await forward(pool, route.upstream, options.timeoutMs, request, reply);
      app.route({ method: METHODS, url: route.prefix, config, handler });
      app.route({ method: METHODS, url: `${route.prefix}/*`, config, handler });
    }
  },
  { name: 'lumira-proxy', fastify: '5.x' },
);
