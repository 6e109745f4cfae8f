import type { FastifyInstance } from 'fastify';
import { record, str } from '../form.js';
import { nowSeconds, stripeId } from '../object-ids.js';
import { missingResource } from '../stripe-errors.js';
import type { Obj } from '../store.js';
import { listOf, type ApiContext } from './context.js';

export function customerRoutes(app: FastifyInstance, { store }: ApiContext) {
  app.post('/v1/customers', async (req) => {
    const p = req.body as Record<string, unknown>;
    const customer: Obj = {
      id: stripeId('cus', 14),
      object: 'customer',
      created: nowSeconds(),
      email: str(p, 'email') ?? null,
      name: str(p, 'name') ?? null,
      description: str(p, 'description') ?? null,
      metadata: record(p, 'metadata'),
      livemode: false,
    };
    store.customers.set(customer.id, customer);
    return customer;
  });

  app.get('/v1/customers/:id', async (req) => {
    const { id } = req.params as { id: string };
    const c = store.customers.get(id);
    if (!c) throw missingResource('customer', id);
    return c;
  });

  app.get('/v1/customers', async (req) => {
    const q = req.query as Record<string, unknown>;
    const email = str(q, 'email');
    const limit = Math.min(Number(str(q, 'limit') ?? 10), 100);
    const all = [...store.customers.values()].filter((c) => !email || c.email === email).reverse();
    return listOf('/v1/customers', all.slice(0, limit), all.length > limit);
  });
}
