import t from 'tap';
import { ConfigError, loadConfig } from '@lumira/config';
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
  const res = await payment.inject({
    method: 'POST',
    url: '/api/payments/create-payment-intent',
    payload: { productId: 'intuitive', customerEmail: 'a@b.fr' },
  });
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
  const res = await payment.inject({
    method: 'POST',
    url: '/api/webhooks/stripe',
    payload: '{}',
    headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' },
  });
  t.equal(res.statusCode, 503);
});

t.test('a catalog file that is not valid stops the service with the field named', async (t) => {
  const bad = `${data.dir}/catalog.json`;
  await import('node:fs/promises').then((fs) =>
    fs.writeFile(bad, JSON.stringify({ products: [{ id: 'X!', level: 1, name: 'n', description: '', amount: -1, currency: 'EUR' }] })),
  );
  await t.rejects(
    paymentService.build({
      config: loadConfig('payment', paymentService.configSpec, { ...env, CATALOG_PATH: bad }) as never,
      logger: testLogger(),
      bus,
      store: root.forService('payment2'),
    }),
    /CATALOG_PATH: .* is not a valid catalog \(products\.0\.id: .*products\.0\.amount/,
  );
});

t.test('free orders are limited per address and per IP; a repeat with its Idempotency-Key is not counted again', async (t) => {
  const limited = await paymentService.build({
    config: loadConfig('payment', paymentService.configSpec, { ...env, FREE_ORDERS_PER_ADDRESS: '2', FREE_ORDERS_PER_IP: '3' }) as never,
    logger: testLogger(),
    bus,
    store: root.forService('payment-limits'),
  });
  t.teardown(() => limited.close());
  const order = (email: string, ip: string, key?: string) =>
    limited.inject({
      method: 'POST',
      url: '/api/payments/create-payment-intent',
      payload: { productId: 'simple', customerEmail: email },
      headers: { 'x-forwarded-for': ip, ...(key ? { 'idempotency-key': key } : {}) },
    });

  const first = await order('free@example.com', '198.51.100.1', 'free-key-1');
  t.equal(first.statusCode, 200);
  t.equal((await order('FREE@example.com', '198.51.100.2')).statusCode, 200, 'the same address, whatever its case');
  const third = await order('free@example.com', '198.51.100.3');
  t.equal(third.statusCode, 429);
  t.equal(third.json().error.message, 'Too many free orders for this address; try again later');
  t.ok(Number(third.headers['retry-after']) > 0, 'Retry-After');
  const repeat = await order('free@example.com', '198.51.100.1', 'free-key-1');
  t.equal(repeat.statusCode, 200, 'a repeat of an admitted request');
  t.equal(repeat.json().orderId, first.json().orderId);

  t.equal((await order('one@example.com', '198.51.100.9')).statusCode, 200);
  t.equal((await order('two@example.com', '198.51.100.9')).statusCode, 200);
  t.equal((await order('three@example.com', '198.51.100.9')).statusCode, 200);
  const network = await order('four@example.com', '198.51.100.9', 'free-key-4');
  t.equal(network.statusCode, 429);
  t.equal(network.json().error.message, 'Too many free orders from this network; try again later');
  const elsewhere = await order('four@example.com', '198.51.100.10', 'free-key-4');
  t.equal(elsewhere.statusCode, 200, 'refused by its network, the address and its key were not used up');
  t.equal((await order('four@example.com', '198.51.100.11')).statusCode, 200, 'the address still has its second free order');
});

t.test('a timeout budget that does not hold stops the start, naming the variables', async (t) => {
  const config = loadConfig('payment', paymentService.configSpec, { ...env, STRIPE_TIMEOUT_MS: '10000', BUS_ACK_WAIT_MS: '30000' });
  const err: unknown = await paymentService.build({ config, logger: testLogger(), bus, store: root.forService('payment') }).catch((e: unknown) => e);
  t.ok(err instanceof ConfigError);
  t.match((err as ConfigError).problems, [/^STRIPE_TIMEOUT_MS, BUS_ACK_WAIT_MS: /]);
});
