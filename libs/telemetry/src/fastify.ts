import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Context, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contextFromCarrier } from './carrier.js';
import { tracerFor, tracingEnabled } from './state.js';

const traced = new WeakMap<FastifyRequest, { span: Span; ctx: Context }>();

/**
 * A server span per HTTP request, child of the caller's `traceparent` (the gateway's, or the client's at
 * the gateway). The span's context is entered twice: at onRequest, and again at preHandler, because a
 * body read from the socket resumes in the socket's async context, not the request's. When tracing is off
 * as the app is built (start it first), no hook is added at all.
 *
 * `publicEdge` (the gateway): a client's `traceparent` that asks for no sampling is not followed, so no client
 * can switch tracing off for its own requests; a sampled one is continued, so a frontend's trace still joins.
 */
export function traceRequests(app: FastifyInstance, service: string, options: { publicEdge?: boolean } = {}): void {
  if (!tracingEnabled()) return;
  app.addHook('onRequest', (request, _reply, done) => {
    if (!tracingEnabled()) return done();
    const remote = contextFromCarrier(request.headers);
    const remoteFlags = trace.getSpanContext(remote)?.traceFlags ?? TraceFlags.SAMPLED;
    const unsampled = (remoteFlags & TraceFlags.SAMPLED) === 0;
    const parent = options.publicEdge && unsampled ? ROOT_CONTEXT : remote;
    const span = tracerFor(service).startSpan(
      `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'url.path': request.url.split('?', 1)[0]!, 'lumira.request_id': String(request.id) },
      },
      parent,
    );
    const ctx = trace.setSpan(parent, span);
    traced.set(request, { span, ctx });
    context.with(ctx, done);
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const t = traced.get(request);
    if (!t) return done();
    context.with(t.ctx, done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const t = traced.get(request);
    if (t) {
      t.span.setAttribute('http.response.status_code', reply.statusCode);
      if (request.routeOptions.url) t.span.setAttribute('http.route', request.routeOptions.url);
      if (reply.statusCode >= 500) t.span.setStatus({ code: SpanStatusCode.ERROR });
      t.span.end();
      traced.delete(request);
      // The later onResponse hooks (the "request done" line) still belong to the request's trace.
      return context.with(t.ctx, done);
    }
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    const t = traced.get(request);
    if (t) {
      t.span.setStatus({ code: SpanStatusCode.ERROR, message: 'client aborted' });
      t.span.end();
      traced.delete(request);
    }
    done();
  });
}
