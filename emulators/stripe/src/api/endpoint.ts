import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkParams, endpointRules, type Rules } from '../params.js';

type Handler = (req: FastifyRequest, params: Record<string, unknown>, reply: FastifyReply) => Promise<unknown>;

/**
 * One Stripe endpoint: its parameters (the form body of a POST, the query otherwise) are checked against its
 * rules before the handler runs, and the rules are recorded for the fidelity test.
 */
export function endpoint(app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', url: string, rules: Rules, handler: Handler) {
  endpointRules.set(`${method} ${url}`, rules);
  app.route({
    method,
    url,
    handler: async (req, reply) => {
      const params = ((method === 'POST' ? req.body : req.query) ?? {}) as Record<string, unknown>;
      checkParams(params, rules);
      return await handler(req, params, reply);
    },
  });
}
