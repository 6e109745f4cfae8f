import t from 'tap';
import { consumerGroups } from '@lumira/contracts';
import { busServices, domainPublishers, ownerOf, replayDeadLetter, replaySubjectFor, rpcCallers, serveDeadLetterReplay } from '@lumira/bus';
import { openMemoryBus, waitFor } from '@lumira/testing';

t.test('every event domain has a replay RPC, answered by its publisher and called by the admin host only', async (t) => {
  for (const [domain, owner] of Object.entries(domainPublishers)) {
    t.equal(ownerOf(`${domain}.anything`), owner);
    t.equal(replaySubjectFor(`${domain}.anything`), `rpc.${owner}.replay-dead-letter`, `${domain}.* is replayed by ${owner}`);
    t.same(rpcCallers[replaySubjectFor(`${domain}.anything`)!], ['order'], 'only order (the admin API) may ask');
  }
  t.equal(replaySubjectFor('payment.succeeded'), 'rpc.payment.replay-dead-letter');
  t.equal(replaySubjectFor('crm.customer.linked'), 'rpc.crm-sync.replay-dead-letter');
  t.equal(replaySubjectFor('nobody.knows'), null);
  t.equal(replaySubjectFor('constructor.x'), null, 'not fooled by object prototype names');
});

t.test('services that publish nothing serve no replay', async (t) => {
  const bus = await openMemoryBus();
  t.teardown(() => bus.close());
  t.equal(await serveDeadLetterReplay(bus, 'notification'), null);
  t.equal(await serveDeadLetterReplay(bus, 'gateway'), null);
});

t.test('in one process, a payment.* letter of order-payments is replayed through the owner, once', async (t) => {
  const bus = await openMemoryBus({ groups: consumerGroups });
  t.teardown(() => bus.close());
  for (const service of busServices) {
    const sub = await serveDeadLetterReplay(bus, service);
    if (sub) t.teardown(() => sub.stop());
  }
  let broken = true;
  const seen: number[] = [];
  const ignore = async () => undefined;
  const sub = await bus.subscribe({
    durable: 'order-payments',
    retry: { maxDeliver: 1, backoffMs: [10] },
    handlers: {
      'payment.succeeded': async (data, ctx) => {
        if (data.orderId !== 'ord_replay_local') return;
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
  await bus.publish('payment.succeeded', { orderId: 'ord_replay_local', paymentIntentId: 'pi_local', amount: 4900, currency: 'eur' });
  const letter = await waitFor(async () => (await bus.deadLetters.list({ durable: 'order-payments', limit: 10 })).items[0], { what: 'the dead letter' });

  broken = false;
  const view = await replayDeadLetter(bus, letter.id);
  t.match(view, { id: letter.id, subject: 'payment.succeeded', durable: 'order-payments', replayable: true });
  await waitFor(() => seen.length === 2, { what: 'the replay reaches order-payments' });
  t.equal(await bus.deadLetters.get(letter.id), null, 'the letter is gone');
  t.equal(await replayDeadLetter(bus, letter.id), null, 'already replayed: nothing to replay');
  t.equal(await replayDeadLetter(bus, 'no-such-letter'), null, 'unknown id');
});

t.test('a letter that is not an event, or one asked of the wrong owner, is refused with a client status', async (t) => {
  const bus = await openMemoryBus();
  t.teardown(() => bus.close());
  for (const service of busServices) {
    const sub = await serveDeadLetterReplay(bus, service);
    if (sub) t.teardown(() => sub.stop());
  }
  await bus.deadLetters.add({ subject: 'payment.succeeded', durable: 'order-payments', deliveries: 1, reason: 'junk', payload: 'not json' });
  await bus.deadLetters.add({
    subject: 'nobody.knows',
    durable: 'x',
    deliveries: 1,
    reason: 'stray',
    payload: JSON.stringify({ id: 'e', type: 'nobody.knows' }),
  });
  const letters = (await bus.deadLetters.list({ limit: 10 })).items;
  const junk = letters.find((l) => l.reason === 'junk');
  const stray = letters.find((l) => l.reason === 'stray');
  await t.rejects(replayDeadLetter(bus, junk!.id), { name: 'InvalidEventError' });
  await t.rejects(replayDeadLetter(bus, stray!.id), { name: 'InvalidEventError' });
  await t.rejects(bus.request('rpc.payment.replay-dead-letter', { id: junk!.id }), { name: 'RpcError', status: 422, code: 'NOT_REPLAYABLE' });
  await t.rejects(bus.request('rpc.user.replay-dead-letter', { id: junk!.id }), { name: 'RpcError', status: 409, code: 'NOT_OWNER' });
  await t.rejects(bus.request('rpc.payment.replay-dead-letter', { id: 'gone' }), { name: 'RpcError', status: 404 });
  await t.rejects(bus.request('rpc.payment.replay-dead-letter', { id: 'not an id!' }), { name: 'RpcError', status: 400, code: 'BAD_REQUEST' });
  t.ok(await bus.deadLetters.get(junk!.id), 'a refused letter stays');
});
