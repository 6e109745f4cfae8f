import proxy from '@fastify/http-proxy';
import type { ErrorBody } from '@lumira/contracts/http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { proxyRoutes, type Upstream } from './routes-table.js';

export interface ProxyOptions {
  upstreams: Record<Upstream, string>;
  timeoutMs: number;
  bodyLimit: number;
}

function upstreamError(reply: FastifyReply, upstream: Upstream, statusCode: number | undefined) {
  const timedOut = statusCode === 504;
  const body: ErrorBody = {
    error: {
      code: timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
      message: timedOut ? `The ${upstream} service did not answer in time; please retry` : `The ${upstream} service is unavailable; please retry shortly`,
      requestId: String(reply.request.id),
    },
  };
  return reply.code(timedOut ? 504 : 502).send(body);
}

/**
 * Bodies are streamed untouched (the webhook's signature covers its exact bytes), so Fastify's body
 * limit cannot see them: the declared length is checked before anything is forwarded.
 */
export const proxyPlugin = fp(
  async (app: FastifyInstance, options: ProxyOptions) => {
    for (const route of proxyRoutes) {
      await app.register(proxy, {
        upstream: options.upstreams[route.upstream],
        prefix: route.prefix,
        rewritePrefix: route.prefix,
        config: { rateLimit: route.rateLimited ? undefined : false },
        // The gateway's own onResponse line already records each request once.
        disableRequestLogging: true,
        undici: { connections: 128, pipelining: 1, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, connect: { timeout: 3000 } },
        preHandler: async (request, reply) => {
          const length = Number(request.headers['content-length'] ?? 0);
          if (length > (route.bodyLimit ?? options.bodyLimit)) {
            const body: ErrorBody = { error: { code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'Request body is too large', requestId: String(request.id) } };
            return reply.code(413).send(body);
          }
        },
        replyOptions: {
          // The client's address as the gateway sees it (TRUST_PROXY decides whether to believe a load
          // balancer in front); whatever X-Forwarded-For the client sent is replaced, never passed on.
          rewriteRequestHeaders: (request, headers) => {
            const forwarded: Record<string, unknown> = { ...headers, 'x-request-id': String(request.id), 'x-forwarded-for': request.ip };
            // Node already answered a client's `Expect: 100-continue` (curl -T sends it); undici refuses
            // to send the header on, which failed every such upload with a 502.
            delete forwarded.expect;
            return forwarded as typeof headers;
          },
          onError: (reply, { error }) => upstreamError(reply as FastifyReply, route.upstream, (error as { statusCode?: number }).statusCode),
        },
      });
    }
  },
  { name: 'lumira-proxy', fastify: '5.x' },
);
