import path from 'node:path';
import t from 'tap';
import { MemoryBus } from '@lumira/bus';
import type { Collection, Doc, Store } from '@lumira/store';
import { openMemoryBus, tempDir, tempStore, testLogger, waitFor } from '@lumira/testing';
import { busContract } from './bus-contract.js';

const root = await tempDir('lumira-bus-contract-');
t.teardown(() => root.remove());

busContract(t, {
  open: async (options = {}) =>
    await openMemoryBus({
      ...(options.storage ? { dir: path.join(root.dir, options.storage) } : {}),
      ...(options.ackWaitMs ? { ackWaitMs: options.ackWaitMs } : {}),
    }),
});

t.test('a closed bus refuses to publish', async (t) => {
  const bus = await openMemoryBus();
  await bus.close();
  await t.rejects(bus.publish('crm.customer.linked', { userId: 'u', dolibarrCustomerId: 1 }), { name: 'BusClosedError' });
});

t.test('with declared groups, a subscription must match its declaration', async (t) => {
  const bus = await openMemoryBus({ groups: { billing: ['order.completed', 'order.refunded'] } });
  t.teardown(() => bus.close());
  await t.rejects(bus.subscribe({ durable: 'nobody', handlers: { 'order.completed': async () => undefined } }), {
    name: 'UndeclaredGroupError',
    message: /nobody is not declared/,
  });
  await t.rejects(bus.subscribe({ durable: 'billing', handlers: { 'order.completed': async () => undefined } }), { message: /does not handle order.refunded/ });
  await t.rejects(
    bus.subscribe({
      durable: 'billing',
      handlers: { 'order.completed': async () => undefined, 'order.refunded': async () => undefined, 'order.failed': async () => undefined },
    }),
    { message: /handles undeclared order.failed/ },
  );
});

t.test('when the dead letter cannot be stored, the message is kept and retried, and the process lives on', async (t) => {
  const store = (await tempStore(t)).forService('bus');
  // The store refuses dead letters (disk full, a store outage) until told otherwise; everything else works.
  let broken = true;
  const failing: Store = {
    kind: store.kind,
    namespace: store.namespace,
    ping: () => store.ping(),
    collection<T extends Doc>(name: string): Collection<T> {
      const c = store.collection<T>(name);
      if (name !== 'deadLetters') return c;
      return new Proxy(c, {
        get(target, prop, receiver) {
          if (prop !== 'insertOne') return Reflect.get(target, prop, receiver) as unknown;
          return async (doc: T) => {
            if (broken) throw new Error('store unavailable');
            await target.insertOne(doc);
          };
        },
      });
    },
  };
  const bus = await MemoryBus.open({ store: failing, log: testLogger() });
  t.teardown(() => bus.close());
  let calls = 0;
  await bus.subscribe({
    durable: 'dl-broken',
    retry: { maxDeliver: 1, backoffMs: [10] },
    handlers: {
      'crm.customer.linked': async () => {
        calls++;
        throw new Error('fails every time');
      },
    },
  });
  await bus.publish('crm.customer.linked', { userId: 'no-dead-letter-store', dolibarrCustomerId: 1 });
  await waitFor(() => bus.metrics.deadLetterFailures.get().then((m) => (m.values[0]?.value ?? 0) >= 2), { what: 'dead letters refused twice' });
  t.ok(calls >= 2, 'the message was delivered again after the failed dead letter');
  t.same((await bus.deadLetters.list({ limit: 10 })).items, []);
  broken = false;
  const letters = await waitFor(
    async () => {
      const page = await bus.deadLetters.list({ durable: 'dl-broken', limit: 10 });
      return page.items.length > 0 ? page.items : undefined;
    },
    { what: 'the dead letter once the store takes it' },
  );
  t.equal(letters.length, 1, 'recorded once');
  t.match(letters[0], { subject: 'crm.customer.linked', durable: 'dl-broken', reason: /fails every time/ });
});

t.test('a group whose subject sees no messages still moves its position past the others, so a restart reads nothing again', async (t) => {
  const store = (await tempStore(t)).forService('bus');
  const bus = await MemoryBus.open({ store, log: testLogger(), stateFlushMs: 10 });
  await bus.declare({ quiet: ['order.refunded'] });
  let handled = 0;
  await bus.subscribe({ durable: 'busy', handlers: { 'crm.customer.linked': async () => void handled++ } });
  for (let i = 0; i < 5; i++) await bus.publish('crm.customer.linked', { userId: `floor-${i}`, dolibarrCustomerId: i + 1 });
  await waitFor(() => handled === 5, { what: 'the five messages handled' });
  await bus.close();
  const positions = await store.collection<{ _id: string; ackFloor: number }>('groups').find({});
  t.same(positions.map((p) => [p._id.startsWith('quiet') ? 'quiet' : 'busy', p.ackFloor]).sort(), [
    ['busy', 5],
    ['quiet', 5],
  ]);
});
