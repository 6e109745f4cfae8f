import t from 'tap';
import { loadConfig } from '@lumira/config';
import { openStore } from '@lumira/store';
import { orderService } from '@lumira/order';
import { userService } from '@lumira/user';
import { paymentService } from '@lumira/payment';
import { openMemoryBus, tempDir, testLogger } from '@lumira/testing';

/** Production without a Stripe key: paid products are refused with the seed's message, free ones work. */
const data = await tempDir();
const bus = await openMemoryBus();
const root = await openStore({ dataDir: data.dir });
const env = { LOG_LEVEL: 'silent', DATA_DIR: data.dir };
const build = async (def: typeof paymentService | typeof orderService | typeof userService) =>
  await def.build({ config: loadConfig(def.name, def.configSpec, env) as never, logger: testLogger(), bus, store: root.forService(def.name) });
const apps = [await build(userService), await build(orderService)];
const payment = await build(paymentService);
t.teardown(async () => {
  for (const app of [payment, ...apps]) await app.close();
  await bus.close();
  await root.close();
  await data.remove();
});

t.test('a paid product answers 503 STRIPE_SECRET_KEY environment variable is required', async (t) => {
  const res = await payment.inject({ method: 'POST', url: '/api/payments/create-payment-intent', payload: { productId: 'intuitive', customerEmail: 'a@b.fr' } });
  t.equal(res.statusCode, 503);
  t.equal(res.json().error.message, 'STRIPE_SECRET_KEY environment variable is required');
});

t.test('a free product still completes', async (t) => {
  const res = await payment.inject({ method: 'POST', url: '/api/payments/create-payment-intent', payload: { productId: 'simple', customerEmail: 'a@b.fr' } });
  t.equal(res.statusCode, 200);
  t.equal(res.json().status, 'completed');
});

t.test('/ready says why', async (t) => {
  const res = await payment.inject({ url: '/ready' });
  t.equal(res.statusCode, 503);
  t.match(res.json().checks.stripe.detail, /STRIPE_SECRET_KEY environment variable is required/);
});

t.test('webhooks are refused when no signing secret is configured', async (t) => {
  const res = await payment.inject({ method: 'POST', url: '/api/webhooks/stripe', payload: '{}', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' } });
  t.equal(res.statusCode, 503);
});

t.test('a catalog file that is not valid stops the service with the field named', async (t) => {
  const bad = `${data.dir}/catalog.json`;
  await import('node:fs/promises').then((fs) => fs.writeFile(bad, JSON.stringify({ products: [{ id: 'X!', level: 1, name: 'n', description: '', amount: -1, currency: 'EUR' }] })));
  await t.rejects(
    paymentService.build({ config: loadConfig('payment', paymentService.configSpec, { ...env, CATALOG_PATH: bad }) as never, logger: testLogger(), bus, store: root.forService('payment2') }),
    /CATALOG_PATH: .* is not a valid catalog \(products\.0\.id: .*products\.0\.amount/,
  );
});
