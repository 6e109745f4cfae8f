import t from 'tap';
import type { Doc } from '@lumira/store';
import { testLogger, tempStore } from '@lumira/testing';
import { createEvent, createOutboxIndex, createOutboxRelay, MemoryBus, withOutbox, type OutboxFields } from '@lumira/bus';
import type { Envelope } from '@lumira/contracts';

interface Thing extends Doc, OutboxFields {
  _id: string;
  status: string;
}

t.test('a document left with a pending outbox (crash before publish) is published by the sweep, once', async (t) => {
  const root = await tempStore(t);
  const things = root.forService('outbox-test').collection<Thing>('things');
  await createOutboxIndex(things);
  const bus = new MemoryBus(testLogger());
  const seen: string[] = [];
  await bus.subscribe({ durable: 'outbox-test', handlers: { 'crm.customer.linked': async (_data, ctx) => void seen.push(ctx.id) } });

  const event = createEvent('crm.customer.linked', { userId: 'u1', dolibarrCustomerId: 1 });
  await things.insertOne({ _id: 't1', status: 'new' });
  // The state change and its event land in one write; the process "dies" before the relay runs.
  await things.updateOne({ _id: 't1' }, withOutbox({ $set: { status: 'done' } }, [event as Envelope]));
  await things.insertOne({ _id: 't2', status: 'untouched' });

  const relay = createOutboxRelay(bus, things, testLogger());
  t.equal(await relay.sweep(0), 1, 'the sweep finds exactly the pending document');
  t.same(seen, [event.id]);
  const after = await things.findOne({ _id: 't1' });
  t.same(after?.outbox, []);
  t.equal(after?.outboxPendingSince, undefined, 'the pending marker is cleared');
  t.equal(await relay.sweep(0), 0, 'a second sweep publishes nothing');
  t.equal(seen.length, 1);
});

t.test('the sweep leaves fresh entries to the fast path', async (t) => {
  const root = await tempStore(t);
  const things = root.forService('outbox-test').collection<Thing>('things');
  await createOutboxIndex(things);
  const bus = new MemoryBus(testLogger());
  const event = createEvent('crm.customer.linked', { userId: 'u2', dolibarrCustomerId: 2 });
  await things.insertOne({ _id: 't1', status: 'new' });
  await things.updateOne({ _id: 't1' }, withOutbox({ $set: { status: 'done' } }, [event as Envelope]));
  const relay = createOutboxRelay(bus, things, testLogger());
  t.equal(await relay.sweep(60_000), 0);
  t.equal((await things.findOne({ _id: 't1' }))?.outbox?.length, 1);
});
