import t from 'tap';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { consumerGroups, makeEnvelope } from '@lumira/contracts';
import {
  busServices,
  inboxPrefixOf,
  natsAuthorization,
  natsPermissions,
  replayDeadLetter,
  serveDeadLetterReplay,
  unownedEventTypes,
  type BusService,
} from '@lumira/bus';
import { NatsBus } from '@lumira/bus/nats';
import { startNatsServer, testLogger, waitFor } from '@lumira/testing';

/** The authorization block exactly as deployed: passwords come from nats-server's environment. */
const passwords = Object.fromEntries(busServices.map((s) => [s, `secret-of-${s}-0123456789`])) as Record<BusService, string>;
const env = Object.fromEntries(busServices.map((s) => [`NATS_PASSWORD_${s.toUpperCase().replace('-', '_')}`, passwords[s]]));
const server = await startNatsServer({ config: natsAuthorization(), env });
t.teardown(() => server.stop());

const encoder = new TextEncoder();
const linked = (userId: string) => ({ userId, dolibarrCustomerId: 3 });
const open = async (service: BusService) => {
  const bus = await NatsBus.connect({ url: server.url, name: service, log: testLogger(), user: service, password: passwords[service], groups: consumerGroups });
  t.teardown(() => bus.close());
  return bus;
};
/** A raw client with a service's credentials: what a compromised container could try. */
const raw = async (user: BusService, password = passwords[user]): Promise<NatsConnection> => {
  const nc = await connect({ servers: server.url, user, pass: password, inboxPrefix: inboxPrefixOf(user) });
  t.teardown(() => nc.close());
  return nc;
};
const messages = async (nc: NatsConnection, stream: string) => (await (await jetstreamManager(nc)).streams.info(stream)).state.messages;

t.test('every event domain and RPC has an owner, and each user may publish its own domain only', async (t) => {
  t.same(unownedEventTypes(), []);
  t.ok(natsPermissions('payment').publish.includes('payment.>'));
  t.notOk(natsPermissions('payment').publish.some((s) => s.startsWith('order.') || s.startsWith('rpc.payment')));
  t.ok(natsPermissions('order').publish.includes('rpc.payment.refund'), 'order asks payment for refunds');
  t.same(
    natsPermissions('notification').publish.filter((s) => /^(payment|order|user|crm|fulfilment|rpc)\./.test(s)),
    [],
    'notification publishes no event and calls no RPC',
  );
});

t.test('every service connects with its own user and provisions the streams and consumers', async (t) => {
  for (const service of busServices) {
    const bus = await open(service);
    t.equal((await bus.check()).ok, true, `${service} is connected`);
  }
});

t.test('no credentials, or wrong ones, cannot connect at all', async (t) => {
  await t.rejects(connect({ servers: server.url }), /Authorization Violation/i, 'anonymous');
  await t.rejects(connect({ servers: server.url, user: 'payment', pass: passwords.user }), /Authorization Violation/i, "payment with user's password");
});

t.test("a service cannot publish another service's events; the owner can, and its consumer gets them", async (t) => {
  const crm = await open('crm-sync');
  const user = await open('user');
  const seen: string[] = [];
  const sub = await user.subscribe({
    durable: 'user',
    handlers: {
      'crm.customer.linked': async (d) => void seen.push(d.userId),
      'crm.customer.changed': async () => undefined,
      'order.completed': async () => undefined,
    },
  });
  t.teardown(() => sub.stop());

  const intruder = await raw('user');
  const before = await messages(intruder, 'PAYMENT');
  const forged = encoder.encode(JSON.stringify(makeEnvelope('payment.succeeded', { orderId: 'ord_forged' } as never)));
  await t.rejects(jetstream(intruder).publish('payment.succeeded', forged, { timeout: 2000 }), 'user may not publish payment.succeeded');
  await t.rejects(user.publish('crm.customer.linked', linked('forged-by-user')), 'nor crm.* through the bus');
  const notifier = await raw('notification');
  await t.rejects(jetstream(notifier).publish('order.completed', forged, { timeout: 2000 }), 'notification may not publish order.completed');
  t.equal(await messages(intruder, 'PAYMENT'), before, 'nothing reached the PAYMENT stream');

  await crm.publish('crm.customer.linked', linked('from-crm'));
  await waitFor(() => seen.includes('from-crm'), { what: 'the owner publishes, the user group receives' });
  t.notOk(seen.includes('forged-by-user'));
  // The user service may ack its own group's messages ($JS.ACK.CRM.user__…): nothing stays pending or comes back.
  const jsm = await jetstreamManager(intruder);
  const acked = await waitFor(async () => {
    const info = await jsm.consumers.info('CRM', 'user__crm_customer_linked');
    return info.num_ack_pending === 0 && info;
  });
  t.equal(acked.num_redelivered, 0);
  const payment = await raw('payment');
  await jetstream(payment).publish('payment.signal', encoder.encode('{}'));
  t.equal(await messages(intruder, 'PAYMENT'), before + 1, 'payment publishes payment.*');
});

t.test('RPCs: only their callers may ask, and answers reach the caller only', async (t) => {
  const payment = await open('payment');
  const order = await open('order');
  const served = await payment.serve('rpc.payment.sync', async () => ({ facts: [], intent: null, foreign: true }));
  t.teardown(() => served.stop());
  t.match(await order.request('rpc.payment.sync', { paymentIntentId: 'pi_1' }, { timeoutMs: 5000 }), { foreign: true }, 'order asks payment');

  const notifier = await raw('notification');
  await t.rejects(notifier.request('rpc.payment.sync', encoder.encode('{"paymentIntentId":"pi_1"}'), { timeout: 2000 }), 'notification may not ask');
  await t.rejects(notifier.request('rpc.payment.refund', encoder.encode('{}'), { timeout: 2000 }), 'nor ask for a refund');

  // Listening to another service's replies or serving its RPCs is refused by the server.
  for (const subject of [`${inboxPrefixOf('order')}.>`, 'rpc.payment.refund']) {
    const errors: Error[] = [];
    const spy = await connect({ servers: server.url, user: 'notification', pass: passwords.notification, inboxPrefix: inboxPrefixOf('notification') });
    const sub = spy.subscribe(subject);
    sub.closed.then(
      (err) => err && errors.push(err),
      (err: Error) => errors.push(err),
    );
    await waitFor(() => errors.length > 0 || sub.isClosed(), { what: `the subscription to ${subject} is refused` });
    t.match(String(errors[0] ?? ''), /Permissions Violation/i, `notification may not subscribe to ${subject}`);
    await spy.close();
  }
});

t.test('a payment.succeeded dead-lettered in order-payments is replayed by payment, for the admin API on order', async (t) => {
  const order = await open('order');
  const payment = await open('payment');
  for (const [bus, service] of [
    [order, 'order'],
    [payment, 'payment'],
  ] as const) {
    const served = await serveDeadLetterReplay(bus, service);
    t.teardown(() => served?.stop());
  }
  const orderId = `ord_replay_${Date.now()}`;
  let broken = true;
  const seen: number[] = [];
  const ignore = async () => undefined;
  const sub = await order.subscribe({
    durable: 'order-payments',
    retry: { maxDeliver: 1, backoffMs: [10] },
    handlers: {
      'payment.succeeded': async (data, ctx) => {
        if (data.orderId !== orderId) return;
        seen.push(ctx.deliveries);
        if (broken) throw new Error('order store down');
      },
      'payment.failed': ignore,
      'payment.canceled': ignore,
      'payment.refund_updated': ignore,
      'payment.dispute_updated': ignore,
    },
  });
  t.teardown(() => sub.stop());
  const event = await payment.publish('payment.succeeded', { orderId, paymentIntentId: 'pi_replay', amount: 4900, currency: 'eur' });
  const letter = await waitFor(
    async () => (await order.deadLetters.list({ durable: 'order-payments', limit: 100 })).items.find((l) => l.envelope?.id === event.id),
    {
      what: 'the dead letter',
    },
  );
  broken = false;

  // What the admin route used to do: order republishing payment.succeeded itself. NATS refuses it.
  await t.rejects(order.deadLetters.replay(letter.id), 'order may not republish payment.succeeded');
  t.ok(await order.deadLetters.get(letter.id), 'the refused replay keeps the letter');
  const intruder = await raw('order');
  const h = headers();
  h.set('Lumira-Replay-For', 'order-payments');
  await t.rejects(
    jetstream(intruder).publish('payment.succeeded', encoder.encode(letter.payload), { headers: h, timeout: 2000 }),
    'nor can a raw order client',
  );
  const notifier = await raw('notification');
  await t.rejects(
    notifier.request('rpc.payment.replay-dead-letter', encoder.encode(JSON.stringify({ id: letter.id })), { timeout: 2000 }),
    'only order may ask for a replay',
  );

  const view = await replayDeadLetter(order, letter.id, { timeoutMs: 10_000 });
  t.match(view, { id: letter.id, subject: 'payment.succeeded', durable: 'order-payments', eventId: event.id });
  await waitFor(() => seen.length === 2, { what: 'the replay reaches order-payments' });
  t.equal(await order.deadLetters.get(letter.id), null, 'the letter is gone');
  t.equal(await replayDeadLetter(order, letter.id), null, 'a second replay finds nothing');
});

t.test('a crm.* letter is replayed by crm-sync the same way (an owner whose name has a dash)', async (t) => {
  const order = await open('order');
  const crm = await open('crm-sync');
  const served = await serveDeadLetterReplay(crm, 'crm-sync');
  t.teardown(() => served?.stop());
  const envelope = makeEnvelope('crm.customer.linked', linked('replayed-by-crm'));
  await order.deadLetters.add({ subject: 'crm.customer.linked', durable: 'user', deliveries: 6, reason: 'user store down', payload: JSON.stringify(envelope) });
  const letter = await waitFor(async () => (await order.deadLetters.list({ durable: 'user', limit: 100 })).items.find((l) => l.envelope?.id === envelope.id));
  t.match(await replayDeadLetter(order, letter.id, { timeoutMs: 10_000 }), { id: letter.id, subject: 'crm.customer.linked', eventId: envelope.id });
  t.equal(await order.deadLetters.get(letter.id), null, 'the letter is gone');
});
