import type { FastifyInstance } from 'fastify';
import { checkExpand } from '../expand.js';
import { list, str } from '../form.js';
import { listParams } from '../params.js';
import { missingResource } from '../stripe-errors.js';
import { idOf, type ApiContext } from './context.js';
import { endpoint } from './endpoint.js';
import { createdFilter, paginate } from './pagination.js';

/**
 * Newest first, as Stripe lists. `delivery_success=false` selects the events that have not (yet) reached the
 * webhook endpoint, which is how a shop catches up on what it missed.
 */
export function eventRoutes(app: FastifyInstance, { store }: ApiContext) {
  endpoint(app, 'GET', '/v1/events/:id', { expand: 'expand' }, async (req, q) => {
    checkExpand('event', list(q, 'expand'));
    const e = store.eventsById.get(idOf(req));
    if (!e) throw missingResource('event', idOf(req));
    return e;
  });

  endpoint(
    app,
    'GET',
    '/v1/events',
    { ...listParams, type: 'string', types: 'string_list', delivery_success: 'boolean', created: 'range' },
    async (_req, q) => {
      checkExpand('event', list(q, 'expand'), true);
      const types = [...list(q, 'types'), ...(str(q, 'type') ? [str(q, 'type')!] : [])];
      const pattern = types.map((t) => new RegExp(`^${t.replaceAll('.', '\\.').replaceAll('*', '[^.]+')}$`));
      const delivery = str(q, 'delivery_success');
      const created = createdFilter(q);
      return paginate(
        store.events,
        (e) =>
          (pattern.length === 0 || pattern.some((re) => re.test(e.type))) &&
          (delivery === undefined || store.delivered.has(e.id) === (delivery === 'true')) &&
          created(e.created),
        q,
        '/v1/events',
        'event',
      );
    },
  );
}
