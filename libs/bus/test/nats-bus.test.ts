import t from 'tap';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { makeEnvelope } from '@lumira/contracts';
import { NatsBus } from '@lumira/bus/nats';
import { startNatsServer, testLogger, waitFor } from '@lumira/testing';
import { busContract } from './bus-contract.js';

const server = await startNatsServer();
t.teardown(() => server.stop());
const open = (options: { ackWaitMs?: number } = {}) => NatsBus.connect({ url: server.url, name: 'bus-test', log: testLogger(), ...options });
const linked = (userId: string) => ({ userId, dolibarrCustomerId: 3 });

// One nats-server is the durable state of every bus here, so `storage` needs no meaning of its own.
busContract(t, { open: async (options = {}) => await open(options.ackWaitMs ? { ackWaitMs: options.ackWaitMs } : {}) });

t.test('junk on the wire is dead-lettered, never crashes the consumer, and is not replayable', async (t) => {
  const bus = await open();
  const seen: string[] = [];
  const sub = await bus.subscribe({ durable: 'junk', handlers: { 'crm.customer.linked': async (d) => void seen.push(d.userId) } });
  const nc = await connect({ servers: server.url });
  const js = jetstream(nc);
  await js.publish('crm.customer.linked', new TextEncoder().encode('{not json'));
  await js.publish('crm.customer.linked', new TextEncoder().encode(JSON.stringify(makeEnvelope('crm.customer.linked', { userId: 42 }))));
  await bus.publish('crm.customer.linked', linked('after-junk'));
  await waitFor(() => seen.includes('after-junk'), { what: 'good message after junk' });
  const letters = await waitFor(async () => {
    const page = await bus.deadLetters.list({ durable: 'junk', limit: 10 });
    return page.items.length >= 2 && page.items;
  });
  t.match(letters.map((l) => l.reason).join('\n'), /not JSON[\s\S]*userId/);
  t.ok(
    letters.every((l) => l.envelope === null),
    'neither can be read as an event',
  );
  await t.rejects(bus.deadLetters.replay(letters[0]!.id), { name: 'InvalidEventError' });
  await nc.close();
  await sub.stop();
  await bus.close();
});

t.test('when the dead letter cannot be stored, the message is kept and retried, and the process lives on', async (t) => {
  const nc = await connect({ servers: server.url });
  const jsm = await jetstreamManager(nc);
  const bus = await open();
  let calls = 0;
  const sub = await bus.subscribe({
    durable: 'dl-broken',
    retry: { maxDeliver: 1, backoffMs: [10] },
    handlers: {
      'crm.customer.linked': async (d) => {
        if (d.userId !== 'no-dead-letter-stream') return;
        calls++;
        throw new Error('fails every time');
      },
    },
  });
  // The DEADLETTER stream is gone (deleted by an operator, NATS restored without it): publishes there fail.
  await jsm.streams.delete('DEADLETTER');
  await bus.publish('crm.customer.linked', linked('no-dead-letter-stream'));
  await waitFor(() => bus.metrics.deadLetterFailures.get().then((m) => (m.values[0]?.value ?? 0) >= 1), { what: 'a failed dead letter' });
  const info = await jsm.consumers.info('CRM', 'dl-broken__crm_customer_linked');
  t.ok(info.num_ack_pending + info.num_pending + info.num_redelivered >= 1, 'the message is still held by JetStream');
  await jsm.streams.add({ name: 'DEADLETTER', subjects: ['deadletter.>'] });
  const ours = (l: { envelope: { data: unknown } | null }) => (l.envelope?.data as { userId?: string } | undefined)?.userId === 'no-dead-letter-stream';
  // A new group reads the whole stream, earlier junk included: look for this test's letter among them.
  await waitFor(async () => (await bus.deadLetters.list({ durable: 'dl-broken', limit: 50 })).items.some(ours), {
    what: 'the dead letter once the stream is back',
    timeoutMs: 15_000,
  });
  t.ok(calls >= 1);
  await sub.stop();
  await bus.close();
  await nc.close();
});

t.test('every declared group is provisioned at connect: a group whose service never ran yet keeps what is published', async (t) => {
  const producer = await open();
  await producer.declare({ 'not-deployed-yet': ['crm.customer.linked'] });
  await producer.publish('crm.customer.linked', linked('before-deploy'));
  await producer.close();
  const consumer = await open();
  const seen: string[] = [];
  const sub = await consumer.subscribe({ durable: 'not-deployed-yet', handlers: { 'crm.customer.linked': async (d) => void seen.push(d.userId) } });
  await waitFor(() => seen.includes('before-deploy'), { what: 'the message published before the consumer ever ran' });
  t.pass();
  await sub.stop();
  await consumer.close();
});

t.test('NATS killed and restarted mid-flow: the connection comes back, is counted, and nothing is lost', async (t) => {
  const bus = await open();
  const seen = new Set<string>();
  const sub = await bus.subscribe({ durable: 'through-restart', handlers: { 'crm.customer.linked': async (d) => void seen.add(d.userId) } });
  for (let i = 0; i < 5; i++) await bus.publish('crm.customer.linked', linked(`before-${i}`));
  await server.restart();
  await waitFor(async () => (await bus.check()).ok, { what: 'the reconnection', timeoutMs: 15_000 });
  for (let i = 0; i < 5; i++) await bus.publish('crm.customer.linked', linked(`after-${i}`));
  await waitFor(() => [0, 1, 2, 3, 4].every((i) => seen.has(`before-${i}`) && seen.has(`after-${i}`)), { what: 'every message', timeoutMs: 20_000 });
  const events = await bus.metrics.connectionEvents.get();
  t.ok(
    events.values.some((v) => v.labels.event === 'disconnect'),
    'the disconnect was counted',
  );
  t.ok(
    events.values.some((v) => v.labels.event === 'reconnect'),
    'and the reconnect',
  );
  await sub.stop();
  await bus.close();
});

t.test('two replays of one letter at once: it is sent once, one of them finds nothing', async (t) => {
  const bus = await open();
  t.teardown(() => bus.close());
  const seen: number[] = [];
  let broken = true;
  const sub = await bus.subscribe({
    durable: 'twice',
    retry: { maxDeliver: 1, backoffMs: [10] },
    handlers: {
      'crm.customer.linked': async (d) => {
        if (d.userId !== 'replayed-twice') return;
        seen.push(1);
        if (broken) throw new Error('down for now');
      },
    },
  });
  t.teardown(() => sub.stop());
  const event = await bus.publish('crm.customer.linked', linked('replayed-twice'));
  // A new group starts at the stream's beginning: earlier tests' junk is dead-lettered here too.
  const letter = await waitFor(async () => (await bus.deadLetters.list({ durable: 'twice', limit: 100 })).items.find((l) => l.envelope?.id === event.id), {
    what: 'the dead letter',
  });
  broken = false;
  const results = await Promise.all([bus.deadLetters.replay(letter.id), bus.deadLetters.replay(letter.id)]);
  t.equal(results.filter((r) => r !== null).length, 1, 'one replay sent it, the other answers nothing to replay');
  await waitFor(() => seen.length === 2, { what: 'the replay' });
  t.equal(await bus.deadLetters.get(letter.id), null);
});
