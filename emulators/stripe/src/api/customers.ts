import type { FastifyInstance } from 'fastify';
import { checkExpand, expand } from '../expand.js';
import { list, record, str } from '../form.js';
import { deletedCustomer, customerObject } from '../objects/customer.js';
import { listParams, type Rules } from '../params.js';
import { missingResource } from '../stripe-errors.js';
import type { Obj } from '../store.js';
import { idOf, type ApiContext } from './context.js';
import { endpoint } from './endpoint.js';
import { createdFilter, paginate } from './pagination.js';

const createRules: Rules = { email: 'string', name: 'string', description: 'string', phone: 'string', metadata: 'metadata', expand: 'expand' };
const listRules: Rules = { ...listParams, email: 'string', created: 'range' };

export function customerRoutes(app: FastifyInstance, { store }: ApiContext) {
  const live = (id: string): Obj => {
    const c = store.get('customer', id);
    if (!c) throw missingResource('customer', id);
    return c;
  };

  endpoint(app, 'POST', '/v1/customers', createRules, async (req, p) => {
    checkExpand('customer', list(p, 'expand'));
    const customer = customerObject({
      email: str(p, 'email') ?? null,
      name: str(p, 'name') ?? null,
      description: str(p, 'description') ?? null,
      phone: str(p, 'phone') ?? null,
      metadata: record(p, 'metadata'),
    });
    store.save(customer);
    store.emit('customer.created', customer, { id: String(req.id), idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null });
    return expand(store, customer, list(p, 'expand'));
  });

  endpoint(app, 'GET', '/v1/customers/:id', { expand: 'expand' }, async (req, q) => {
    checkExpand('customer', list(q, 'expand'));
    const c = live(idOf(req));
    return c.deleted ? deletedCustomer(c.id) : expand(store, c, list(q, 'expand'));
  });

  /** Deleted customers read as `{ id, object, deleted: true }`, drop out of lists, and are missing to every other call. */
  endpoint(app, 'DELETE', '/v1/customers/:id', {}, async (req) => {
    const c = live(idOf(req));
    if (c.deleted) throw missingResource('customer', c.id);
    store.save({ ...c, deleted: true });
    store.emit('customer.deleted', c, { id: String(req.id), idempotencyKey: null });
    return deletedCustomer(c.id);
  });

  endpoint(app, 'GET', '/v1/customers', listRules, async (_req, q) => {
    checkExpand('customer', list(q, 'expand'), true);
    const email = str(q, 'email');
    const created = createdFilter(q);
    const page = paginate(
      [...store.all('customer').values()],
      (c) => !c.deleted && (!email || c.email === email) && created(c.created),
      q,
      '/v1/customers',
      'customer',
    );
    return { ...page, data: page.data.map((c) => expand(store, c, list(q, 'expand'), true)) };
  });
}
