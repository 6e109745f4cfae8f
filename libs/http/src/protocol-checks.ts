import type { IncomingMessage, ServerResponse } from 'node:http';
import createError from '@fastify/error';
import type { FastifyInstance } from 'fastify';

export const ExpectationFailedError = createError('EXPECTATION_FAILED', 'Only "Expect: 100-continue" is supported', 417);
const ASKS_UPGRADE = /(^|,)\s*upgrade\s*(,|$)/i;

export const MissingHostError = createError('MISSING_HOST', 'An HTTP/1.1 request needs a Host header', 400);

/**
 * What Node would answer with bare replies of its own (a 417 for an unknown `Expect`, a 400 for an
 * HTTP/1.1 request without Host) goes through Fastify instead, so it carries our error body and request
 * id. The server is created with `requireHostHeader: false` and `checkExpectation` routed here.
 */
export function answerProtocolErrors(app: FastifyInstance<any, any, any, any, any>): void {
  const unsupported = new WeakSet<IncomingMessage>();
  app.server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    unsupported.add(req);
    app.server.emit('request', req, res);
  });
  // Node answers a request that asks for an upgrade as a plain one (we accept none) but stops reading
  // the connection after it: the answer must say the connection ends, or a client pipelining behind it
  // would wait forever. Set before routing, so that even a URL the router refuses gets it.
  app.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.upgrade !== undefined && ASKS_UPGRADE.test(req.headers.connection ?? '')) res.setHeader('connection', 'close');
  });
  app.addHook('onRequest', async (request) => {
    const raw = request.raw;
    if (unsupported.has(raw)) throw new ExpectationFailedError();
    if (raw.headers.host === undefined && raw.httpVersionMajor === 1 && raw.httpVersionMinor === 1) throw new MissingHostError();
  });
}
