import t from 'tap';
import { MemoryBus } from '@lumira/bus';
import { testLogger } from '@lumira/testing';
import { busContract } from './bus-contract.js';

busContract(t, async () => new MemoryBus(testLogger()));

t.test('publish resolves only once every group handled the message', async (t) => {
  const bus = new MemoryBus(testLogger());
  let done = false;
  await bus.subscribe({
    durable: 'slow',
    handlers: { 'crm.customer.linked': async () => void (await new Promise((r) => setTimeout(r, 50)), (done = true)) },
  });
  await bus.publish('crm.customer.linked', { userId: 'u', dolibarrCustomerId: 1 });
  t.ok(done);
  await bus.close();
  await t.rejects(bus.publish('crm.customer.linked', { userId: 'u', dolibarrCustomerId: 1 }), { name: 'BusClosedError' });
});

t.test('dead letters are kept for inspection', async (t) => {
  const bus = new MemoryBus(testLogger());
  await bus.subscribe({ durable: 'dl', retry: { maxDeliver: 2, backoffMs: [5] }, handlers: { 'crm.customer.linked': async () => Promise.reject(new Error('nope')) } });
  await bus.publish('crm.customer.linked', { userId: 'u', dolibarrCustomerId: 1 });
  t.equal(bus.deadLetters().length, 1);
  t.equal(bus.deadLetters()[0]?.reason, 'nope');
  t.equal(bus.deadLetters()[0]?.deliveries, 2);
  await bus.close();
});
