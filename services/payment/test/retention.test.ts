import t from 'tap';
import { ConfigError, loadConfig } from '@lumira/config';
import { openStore, type Collection, type Doc, type IndexOptions, type Store } from '@lumira/store';
import { paymentService } from '@lumira/payment';
import { openMemoryBus, tempDir, testLogger, waitFor } from '@lumira/testing';

/** Webhook events and checkout requests expire through TTL indexes (issue 11, item 9). */
const data = await tempDir();
const bus = await openMemoryBus();
const root = await openStore({ dataDir: data.dir, ttlSweepMs: 100 });
const env = { LOG_LEVEL: 'silent', DATA_DIR: data.dir };
const store = root.forService('payment');

// The real store, with each collection's index declarations written down as they are made.
const declared: { collection: string; keys: unknown; options: IndexOptions }[] = [];
const recording: Store = {
  kind: store.kind,
  namespace: store.namespace,
  ping: () => store.ping(),
  collection<T extends Doc>(name: string): Collection<T> {
    const c = store.collection<T>(name);
    return new Proxy(c, {
      get(target, prop, receiver) {
        if (prop !== 'createIndex') return Reflect.get(target, prop, receiver) as unknown;
        return async (keys: unknown, options: IndexOptions = {}) => {
          declared.push({ collection: name, keys, options });
          await target.createIndex(keys as never, options);
        };
      },
    });
  },
};

const app = await paymentService.build({ config: loadConfig('payment', paymentService.configSpec, env), logger: testLogger(), bus, store: recording });
t.teardown(async () => {
  await app.close();
  await bus.close();
  await root.close();
  await data.remove();
});

const ttlOf = (collection: string) => declared.filter((d) => d.collection === collection && d.options.expireAfterSeconds !== undefined);

t.test('webhook events are kept 35 days from receipt, checkout requests 7 days from creation', async (t) => {
  t.same(
    ttlOf('webhookEvents').map((d) => [d.keys, d.options.expireAfterSeconds]),
    [['receivedAt', 35 * 86_400]],
  );
  t.same(
    ttlOf('checkoutRequests').map((d) => [d.keys, d.options.expireAfterSeconds]),
    [['createdAt', 7 * 86_400]],
  );
});

t.test('the retentions are configurable, with floors', async (t) => {
  const c = loadConfig('payment', paymentService.configSpec, { ...env, WEBHOOK_EVENT_RETENTION_DAYS: '60', CHECKOUT_REQUEST_RETENTION_DAYS: '3' });
  t.equal(c.WEBHOOK_EVENT_RETENTION_DAYS, 60);
  t.equal(c.CHECKOUT_REQUEST_RETENTION_DAYS, 3);
  t.throws(() => loadConfig('payment', paymentService.configSpec, { ...env, WEBHOOK_EVENT_RETENTION_DAYS: '30' }), ConfigError, 'under 35 days is refused');
  t.throws(() => loadConfig('payment', paymentService.configSpec, { ...env, CHECKOUT_REQUEST_RETENTION_DAYS: '1' }), ConfigError, 'under 2 days is refused');
});

t.test('an expired webhook event and checkout request are swept; recent ones stay', async (t) => {
  const events = store.collection<Doc & { receivedAt: Date }>('webhookEvents');
  const requests = store.collection<Doc & { requestHash: string; orderId: string; createdAt: Date }>('checkoutRequests');
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
  const event = { type: 'payment_intent.succeeded', paymentIntentId: 'pi_1', outbox: [] };
  await events.insertOne({ _id: 'evt_old', ...event, receivedAt: daysAgo(36) });
  await events.insertOne({ _id: 'evt_recent', ...event, receivedAt: daysAgo(34) });
  await requests.insertOne({ _id: 'key-old', requestHash: 'h', orderId: 'ord_1', createdAt: daysAgo(8) });
  await requests.insertOne({ _id: 'key-recent', requestHash: 'h', orderId: 'ord_2', createdAt: daysAgo(6) });
  await waitFor(async () => (await events.findOne({ _id: 'evt_old' })) === null && (await requests.findOne({ _id: 'key-old' })) === null, {
    what: 'the sweep',
  });
  t.ok(await events.findOne({ _id: 'evt_recent' }), 'an event of 34 days is kept');
  t.ok(await requests.findOne({ _id: 'key-recent' }), 'a request of 6 days is kept');
});
