import t from 'tap';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { makeEnvelope, deadLetterSchema } from '@lumira/contracts';
import { NatsBus } from '@lumira/bus/nats';
import { startNatsServer, testLogger, waitFor } from '@lumira/testing';
import { busContract } from './bus-contract.js';

const server = await startNatsServer();
t.teardown(() => server.stop());
const open = () => NatsBus.connect({ url: server.url, name: 'bus-test', log: testLogger() });

busContract(t, open);

t.test('a repeated message id is delivered once (JetStream dedup)', async (t) => {
  const bus = await open();
  const seen: string[] = [];
  const sub = await bus.subscribe({ durable: 'dedup', handlers: { 'crm.customer.linked': async (d) => void seen.push(d.userId) } });
  const env = makeEnvelope('crm.customer.linked', { userId: 'once', dolibarrCustomerId: 3 }, { id: 'fixed-id-1' });
  for (let i = 0; i < 5; i++) await bus.publishEnvelope(env);
  await bus.publish('crm.customer.linked', { userId: 'marker', dolibarrCustomerId: 3 });
  await waitFor(() => seen.includes('marker'), { what: 'marker' });
  t.same(seen.filter((s) => s === 'once'), ['once']);
  await sub.stop();
  await bus.close();
});

t.test('junk on the wire is dead-lettered and never crashes the consumer', async (t) => {
  const bus = await open();
  const seen: string[] = [];
  const sub = await bus.subscribe({ durable: 'junk', handlers: { 'crm.customer.linked': async (d) => void seen.push(d.userId) } });
  const nc = await connect({ servers: server.url });
  const js = jetstream(nc);
  await js.publish('crm.customer.linked', new TextEncoder().encode('{not json'));
  await js.publish('crm.customer.linked', new TextEncoder().encode(JSON.stringify(makeEnvelope('crm.customer.linked', { userId: 42 }))));
  await bus.publish('crm.customer.linked', { userId: 'after-junk', dolibarrCustomerId: 1 });
  await waitFor(() => seen.includes('after-junk'), { what: 'good message after junk' });

  const jsm = await jetstreamManager(nc);
  await waitFor(async () => (await jsm.streams.info('DEADLETTER')).state.messages >= 2, { what: 'dead letters' });
  const letter = await jsm.streams.getMessage('DEADLETTER', { last_by_subj: 'deadletter.crm.customer.linked' });
  const parsed = deadLetterSchema.parse(letter?.json());
  t.equal(parsed.durable, 'junk');
  t.match(parsed.reason, /userId/);
  await nc.close();
  await sub.stop();
  await bus.close();
});

t.test('messages published while no replica runs are handled after it comes back', async (t) => {
  const first = await open();
  const seen: string[] = [];
  const sub = await first.subscribe({ durable: 'late', handlers: { 'crm.customer.linked': async (d) => void seen.push(d.userId) } });
  await sub.stop();
  await first.publish('crm.customer.linked', { userId: 'while-down', dolibarrCustomerId: 1 });
  await first.close();
  const second = await open();
  const sub2 = await second.subscribe({ durable: 'late', handlers: { 'crm.customer.linked': async (d) => void seen.push(d.userId) } });
  await waitFor(() => seen.includes('while-down'), { what: 'late delivery' });
  t.pass('durable consumer kept the message');
  await sub2.stop();
  await second.close();
});
