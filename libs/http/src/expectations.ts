import type { IncomingMessage, ServerResponse } from 'node:http';
import createError from '@fastify/error';
import type { FastifyInstance } from 'fastify';

export const ExpectationFailedError = createError('EXPECTATION_FAILED', 'Only "Expect: 100-continue" is supported', 417);

/**
 * Node answers an `Expect` other than 100-continue with a bare 417 of its own. Routed through Fastify
 * instead, the 417 carries our error body and request id like every other refusal.
 */
export function refuseUnknownExpectations(app: FastifyInstance<any, any, any, any, any>): void {
  const unsupported = new WeakSet<IncomingMessage>();
  app.server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    unsupported.add(req);
    app.server.emit('request', req, res);
  });
  app.addHook('onRequest', async (request) => {
    if (unsupported.has(request.raw)) throw new ExpectationFailedError();
  });
}
