import type { FastifyInstance } from 'fastify';
import { checkExpand, expand } from '../expand.js';
import { list } from '../form.js';
import { missingResource } from '../stripe-errors.js';
import { idOf, type ApiContext } from './context.js';
import { endpoint } from './endpoint.js';

export function chargeRoutes(app: FastifyInstance, { store }: ApiContext) {
  endpoint(app, 'GET', '/v1/charges/:id', { expand: 'expand' }, async (req, q) => {
    checkExpand('charge', list(q, 'expand'));
    const charge = store.get('charge', idOf(req));
    if (!charge) throw missingResource('charge', idOf(req));
    return expand(store, charge, list(q, 'expand'));
  });
}
