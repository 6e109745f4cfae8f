import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { BodyGuard, BodyTooLargeError } from './body-guard.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The largest body this route accepts, in bytes (the routes table sets it per route). */
    bodyLimit?: number;
  }
}

export interface StreamedBodiesOptions {
  defaultLimit: number;
  idleTimeoutMs: number;
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function endsConnection(reply: FastifyReply): boolean {
  return !reply.raw.shouldKeepAlive || /close/i.test(String(reply.getHeader('connection') ?? ''));
}

/**
 * The gateway parses no body: every body is a `BodyGuard` over the client's bytes, handed to the service
 * untouched and cut at the route's limit. `Expect: 100-continue` is answered only when the body is
 * actually read, so a request refused on its headers (too large, rate limited, unknown) never makes the
 * client send its body.
 */
export const streamedBodiesPlugin = fp(
  async (app: FastifyInstance, options: StreamedBodiesOptions) => {
    const awaitingContinue = new WeakSet<IncomingMessage>();
    app.server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      awaitingContinue.add(req);
      app.server.emit('request', req, res);
    });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    // Callback hooks: these run on every request, and async ones cost a promise each.
    const guards = new WeakMap<FastifyRequest, BodyGuard>();
    app.addHook('onRequest', (request, reply, done) => {
      if (!hasBody(request)) return done();
      const limit = request.routeOptions.config.bodyLimit ?? options.defaultLimit;
      const continueOnRead = awaitingContinue.has(request.raw)
        ? () => {
            if (awaitingContinue.delete(request.raw)) reply.raw.writeContinue();
          }
        : undefined;
      guards.set(request, new BodyGuard(request.raw, { limit, idleTimeoutMs: options.idleTimeoutMs, response: reply.raw, onFirstRead: continueOnRead }));
      done(Number(request.headers['content-length']) > limit ? new BodyTooLargeError(limit) : undefined);
    });
    app.addHook('preParsing', (request, _reply, payload, done) => done(null, guards.get(request) ?? payload));
    app.addHook('onSend', (request, reply, payload, done) => {
      const guard = guards.get(request);
      if (!guard) return done(null, payload);
      guard.discard();
      // Node closes the socket right after an answer that ends the connection: body bytes still unread
      // then make the kernel reset it, and the client can lose the answer. They are read first (a
      // client still waiting for 100 Continue sends none).
      if (!endsConnection(reply) || awaitingContinue.has(request.raw)) return done(null, payload);
      guard.settled().then(() => done(null, payload), done);
    });
  },
  { name: 'lumira-streamed-bodies', fastify: '5.x' },
);
