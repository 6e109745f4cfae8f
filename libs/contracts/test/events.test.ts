import t from 'tap';
import { makeEnvelope, parseEventData, isEventType } from '@lumira/contracts';
import { catalogFileSchema } from '@lumira/contracts/catalog';
import { createPaymentIntentBodySchema } from '@lumira/contracts/http';

t.test('makeEnvelope fills id, time and correlation id', async (t) => {
  const env = makeEnvelope('user.created', { a: 1 }, { correlationId: 'req-1' });
  t.equal(env.correlationId, 'req-1');
  t.match(env.id, /^[0-9a-f-]{36}$/);
  t.ok(!Number.isNaN(Date.parse(env.occurredAt)));
});

t.test('event data is validated per subject', async (t) => {
  t.ok(isEventType('order.completed'));
  t.notOk(isEventType('order.exploded'));
  t.throws(() => parseEventData('crm.customer.linked', { userId: 'u1', dolibarrCustomerId: -3 }));
  t.same(parseEventData('crm.customer.linked', { userId: 'u1', dolibarrCustomerId: 3 }), { userId: 'u1', dolibarrCustomerId: 3 });
});

t.test('catalog rejects duplicate ids', async (t) => {
  const p = { id: 'a', level: 1, name: 'A', description: '', amount: 0, currency: 'eur' };
  t.notOk(catalogFileSchema.safeParse({ products: [p, p] }).success);
  t.ok(catalogFileSchema.safeParse({ products: [p] }).success);
});

t.test('checkout body keeps the seed wording for a bad email', async (t) => {
  const r = createPaymentIntentBodySchema.safeParse({ productId: 'x', customerEmail: 'nope' });
  t.notOk(r.success);
  t.equal(r.error?.issues[0]?.message, 'Please enter a valid email');
});
