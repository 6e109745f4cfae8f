import path from 'node:path';
import t from 'tap';
import { openMemoryBus, tempDir } from '@lumira/testing';
import { busContract } from './bus-contract.js';

const root = await tempDir('lumira-bus-contract-');
t.teardown(() => root.remove());

busContract(t, {
  open: async (options = {}) =>
    await openMemoryBus({ ...(options.storage ? { dir: path.join(root.dir, options.storage) } : {}), ...(options.ackWaitMs ? { ackWaitMs: options.ackWaitMs } : {}) }),
});

t.test('a closed bus refuses to publish', async (t) => {
  const bus = await openMemoryBus();
  await bus.close();
  await t.rejects(bus.publish('crm.customer.linked', { userId: 'u', dolibarrCustomerId: 1 }), { name: 'BusClosedError' });
});

t.test('with declared groups, a subscription must match its declaration', async (t) => {
  const bus = await openMemoryBus({ groups: { billing: ['order.completed', 'order.refunded'] } });
  t.teardown(() => bus.close());
  await t.rejects(bus.subscribe({ durable: 'nobody', handlers: { 'order.completed': async () => undefined } }), { name: 'UndeclaredGroupError', message: /nobody is not declared/ });
  await t.rejects(bus.subscribe({ durable: 'billing', handlers: { 'order.completed': async () => undefined } }), { message: /does not handle order.refunded/ });
  await t.rejects(
    bus.subscribe({ durable: 'billing', handlers: { 'order.completed': async () => undefined, 'order.refunded': async () => undefined, 'order.failed': async () => undefined } }),
    { message: /handles undeclared order.failed/ },
  );
});
