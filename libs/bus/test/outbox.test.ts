import t, { type Test } from 'tap';
import type { Collection, Doc } from '@lumira/store';
import { openMemoryBus, testLogger, tempStore, waitFor } from '@lumira/testing';
import { createEvent, createOutboxIndex, createOutboxRelay, withOutbox, type Bus, type OutboxFields } from '@lumira/bus';
import { makeEnvelope, type Envelope } from '@lumira/contracts';

interface Thing extends Doc, OutboxFields {
  _id: string;
  status: string;
}

async function setup(t: Test): Promise<{ things: Collection<Thing>; bus: Bus; seen: string[] }> {
  const root = await tempStore(t);
  const things = root.forService('outbox-test').collection<Thing>('things');
  await createOutboxIndex(things);
  const bus = await openMemoryBus();
  t.teardown(() => bus.close());
  const seen: string[] = [];
  await bus.subscribe({ durable: 'outbox-test', handlers: { 'crm.customer.linked': async (data) => void seen.push(data.userId) } });
  return { things, bus, seen };
}

/** A document whose state change carried events, left as a crash before the relay ran would leave it. */
async function pending(things: Collection<Thing>, id: string, envelopes: Envelope[], since = Date.now()): Promise<void> {
  await things.insertOne({ _id: id, status: 'new' });
  await things.updateOne({ _id: id }, withOutbox({ $set: { status: 'done' } }, envelopes));
  await things.updateOne({ _id: id }, { $set: { outboxPendingSince: since } });
}

const linked = (userId: string) => createEvent('crm.customer.linked', { userId, dolibarrCustomerId: 1 }) as Envelope;

t.test('a document left with a pending outbox (crash before publish) is published by the sweep, once', async (t) => {
  const { things, bus, seen } = await setup(t);
  await pending(things, 't1', [linked('u1')]);
  await things.insertOne({ _id: 't2', status: 'untouched' });
  const relay = createOutboxRelay(bus, things, testLogger());
  t.equal(await relay.sweep(0), 1, 'the sweep finds exactly the pending document');
  await waitFor(() => seen.length === 1, { what: 'the delivery' });
  const after = await things.findOne({ _id: 't1' });
  t.same(after?.outbox, []);
  t.equal(after?.outboxPendingSince, undefined, 'the pending marker is cleared');
  t.equal(await relay.sweep(0), 0, 'a second sweep publishes nothing');
  await new Promise((r) => setTimeout(r, 100));
  t.same(seen, ['u1']);
});

t.test('the sweep leaves fresh entries to the fast path', async (t) => {
  const { things, bus } = await setup(t);
  await pending(things, 't1', [linked('u2')]);
  const relay = createOutboxRelay(bus, things, testLogger());
  t.equal(await relay.sweep(60_000), 0);
  t.equal((await things.findOne({ _id: 't1' }))?.outbox?.length, 1);
});

t.test('an entry that no longer validates is dead-lettered; the rest of its document and the other documents go out', async (t) => {
  const { things, bus, seen } = await setup(t);
  const poison = { ...makeEnvelope('crm.customer.linked', { userId: 42 }), id: 'poison-1' } as Envelope;
  await pending(things, 'a-poisoned', [poison, linked('behind-poison')], 1_000);
  await pending(things, 'b-healthy', [linked('healthy')], 2_000);
  const relay = createOutboxRelay(bus, things, testLogger(), { source: 'test.things' });
  t.equal(await relay.sweep(0), 2);
  await waitFor(() => seen.includes('behind-poison') && seen.includes('healthy'), { what: 'the good entries' });
  t.same((await things.findOne({ _id: 'a-poisoned' }))?.outbox, [], 'the poisoned document is clear');
  const [letter] = (await bus.deadLetters.list({ durable: 'outbox:test.things', limit: 5 })).items;
  t.equal(letter?.subject, 'crm.customer.linked');
  t.match(letter?.reason, /userId/);
  t.equal(letter?.envelope, null, 'not replayable while it is still invalid');
  t.equal((await bus.metrics.outboxDeadLettered.get()).values[0]?.value, 1, 'counted');
  t.equal(await relay.sweep(0), 0, 'nothing is stuck behind it');
});

t.test('an entry the bus keeps refusing while healthy is dead-lettered after maxFailures sweeps', async (t) => {
  const { things, bus } = await setup(t);
  await pending(things, 'stuck', [linked('never')]);
  const refusing = new Proxy(bus, {
    get: (target, key) => (key === 'publishEnvelope' ? async () => Promise.reject(new Error('no stream for this subject')) : Reflect.get(target, key)),
  });
  const relay = createOutboxRelay(refusing, things, testLogger(), { source: 'test.stuck', maxFailures: 3 });
  for (let i = 0; i < 2; i++) await relay.sweep(0);
  t.equal((await things.findOne({ _id: 'stuck' }))?.outbox?.length, 1, 'kept while it may still be the bus');
  await relay.sweep(0);
  t.same((await things.findOne({ _id: 'stuck' }))?.outbox, [], 'given up on the third');
  const [letter] = (await bus.deadLetters.list({ durable: 'outbox:test.stuck', limit: 5 })).items;
  t.equal(letter?.reason, 'no stream for this subject');
  t.ok(letter?.envelope, 'a valid event: it can be replayed once the cause is fixed');
});

t.test('sweeps never overlap and a document is never flushed twice at once', async (t) => {
  const { things, bus } = await setup(t);
  await pending(things, 'slow', [linked('once')]);
  let publishes = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const slowBus = new Proxy(bus, {
    get: (target, key) =>
      key === 'publishEnvelope'
        ? async (e: Envelope) => {
            publishes++;
            await gate;
            await target.publishEnvelope(e);
          }
        : Reflect.get(target, key),
  });
  const relay = createOutboxRelay(slowBus, things, testLogger());
  const sweeps = [relay.sweep(0), relay.sweep(0), relay.sweep(0)];
  const doc = await things.findOne({ _id: 'slow' });
  await relay.flush(doc!);
  relay.flushInBackground(doc);
  release();
  await Promise.all(sweeps);
  t.equal(publishes, 1, 'one publish for three sweeps and two flushes');
});

t.test('a replayed outbox dead letter is published to every group, once valid', async (t) => {
  const { bus, seen } = await setup(t);
  await bus.deadLetters.add({
    subject: 'crm.customer.linked',
    durable: 'outbox:test.replay',
    deliveries: 10,
    reason: 'was refused',
    payload: JSON.stringify(linked('replayed')),
  });
  const [letter] = (await bus.deadLetters.list({ durable: 'outbox:test.replay', limit: 1 })).items;
  await bus.deadLetters.replay(letter!.id);
  await waitFor(() => seen.includes('replayed'), { what: 'the replayed entry' });
  t.pass();
});
