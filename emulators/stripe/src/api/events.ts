import type { FastifyInstance } from 'fastify';
import { list, str } from '../form.js';
import { missingResource } from '../stripe-errors.js';
import { listOf, type ApiContext } from './context.js';

/** Newest first, as Stripe lists; `delivery_success=false` finds what still has to reach the endpoint. */
export function eventRoutes(app: FastifyInstance, { store }: ApiContext) {
  app.get('/v1/events/:id', async (req) => {
    const { id } = req.params as { id: string };
    const e = store.eventsById.get(id);
    if (!e) throw missingResource('event', id);
    return e;
  });

  app.get('/v1/events', async (req) => {
    const q = req.query as Record<string, unknown>;
    const limit = Math.min(Number(str(q, 'limit') ?? 10), 100);
    const types = [...list(q, 'types'), ...(str(q, 'type') ? [str(q, 'type')!] : [])];
    const delivery = str(q, 'delivery_success');
    let all = [...store.events].reverse();
    if (types.length > 0) all = all.filter((e) => types.includes(e.type));
    if (delivery !== undefined) all = all.filter((e) => store.delivered.has(e.id) === (delivery === 'true'));
    const after = str(q, 'starting_after');
    const before = str(q, 'ending_before');
    if (after) all = all.slice(all.findIndex((e) => e.id === after) + 1);
    if (before) {
      const i = all.findIndex((e) => e.id === before);
      all = i < 0 ? all : all.slice(Math.max(0, i - limit), i);
    }
    return listOf('/v1/events', all.slice(0, limit), all.length > limit);
  });
}
