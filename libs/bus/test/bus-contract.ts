import type { Test } from 'tap';
import { makeEnvelope } from '@lumira/contracts';
import { waitFor } from '@lumira/testing';
import { createEvent, RpcError, type Bus, type EventContext } from '@lumira/bus';

const fast = { maxDeliver: 3, backoffMs: [30, 60] };
const linked = (userId: string) => ({ userId, dolibarrCustomerId: 7 });
const slow = () => new Promise((r) => setTimeout(r, 5));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface BusFactory {
  /**
   * A bus; with the same `storage` as a closed one, a bus over the same durable state (the same data
   * directory, or the same nats-server), as after a restart.
   */
  open(options?: { storage?: string; ackWaitMs?: number }): Promise<Bus>;
}

/** Handlers that record the user ids they saw; a message whose id is `stop` is thrown on. */
function recorder() {
  const seen: string[] = [];
  const handler = async (data: { userId: string }) => void seen.push(data.userId);
  return { seen, handler };
}

/**
 * What both transports promise, run against each (libs/bus/test/memory-bus.test.ts, nats-bus.test.ts).
 * Every durable name is new, so on NATS a new group's consumer replays the stream's earlier messages of
 * its subject: tests look for their own messages, never count every delivery.
 */
export function busContract(t: Test, factory: BusFactory): void {
  let bus: Bus;
  let n = 0;
  const durable = () => `t${process.pid}d${n++}`;
  const unique = (what: string) => `${what}-${process.pid}-${n++}`;
  t.before(async () => {
    bus = await factory.open();
  });
  t.teardown(async () => bus.close());

  t.test('publish reaches a subscriber with typed data and the correlation id', async (t) => {
    const id = unique('pub');
    const seen: { userId: string; correlationId: string }[] = [];
    const sub = await bus.subscribe({
      durable: durable(),
      handlers: {
        'crm.customer.linked': async (data, ctx) => void (data.userId === id && seen.push({ userId: data.userId, correlationId: ctx.correlationId })),
      },
    });
    await bus.publish('crm.customer.linked', linked(id), { correlationId: 'req-42' });
    await waitFor(() => seen.length === 1, { what: 'delivery' });
    t.same(seen, [{ userId: id, correlationId: 'req-42' }]);
    await sub.stop();
  });

  t.test('an invalid event is rejected at publish', async (t) => {
    await t.rejects(bus.publish('crm.customer.linked', { userId: '', dolibarrCustomerId: 0 } as never), { name: 'InvalidEventError' });
  });

  t.test('an envelope read back from elsewhere is checked at publishEnvelope, even a copy of a checked one', async (t) => {
    const made = createEvent('crm.customer.linked', linked(unique('copy')));
    const stored = structuredClone(made);
    await t.resolves(bus.publishEnvelope(stored), 'a valid copy goes out');
    await t.rejects(bus.publishEnvelope({ ...stored, id: unique('bad'), data: { userId: '', dolibarrCustomerId: 0 } }), { name: 'InvalidEventError' });
  });

  t.test('publish returns once the message is accepted, not after its handlers ran', async (t) => {
    const id = unique('gate');
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let handled = false;
    const sub = await bus.subscribe({
      durable: durable(),
      handlers: {
        'crm.customer.linked': async (data) => {
          if (data.userId !== id) return;
          await gate;
          handled = true;
        },
      },
    });
    await bus.publish('crm.customer.linked', linked(id));
    t.notOk(handled, 'the handler is still waiting when publish resolves');
    open();
    await waitFor(() => handled, { what: 'the handler to finish' });
    await sub.stop();
  });

  t.test('a handler that throws gets the message again, with the delivery count', async (t) => {
    const id = unique('retry');
    const deliveries: number[] = [];
    const sub = await bus.subscribe({
      durable: durable(),
      retry: fast,
      handlers: {
        'crm.customer.linked': async (data, ctx) => {
          if (data.userId !== id) return;
          deliveries.push(ctx.deliveries);
          if (deliveries.length === 1) throw new Error('transient');
        },
      },
    });
    await bus.publish('crm.customer.linked', linked(id));
    await waitFor(() => deliveries.length === 2, { what: 'redelivery' });
    t.same(deliveries, [1, 2]);
    await sub.stop();
  });

  t.test('whatever a handler throws (a string, synchronously), the message ends acknowledged after a retry', async (t) => {
    const id = unique('odd');
    let calls = 0;
    const sub = await bus.subscribe({
      durable: durable(),
      retry: fast,
      handlers: {
        'crm.customer.linked': ((data: { userId: string }) => {
          if (data.userId !== id) return Promise.resolve();
          calls++;
          if (calls === 1) throw 'a string, not an Error';
          if (calls === 2) return Promise.reject(undefined);
          return Promise.resolve();
        }) as (data: { userId: string }, ctx: EventContext) => Promise<void>,
      },
    });
    await bus.publish('crm.customer.linked', linked(id));
    await waitFor(() => calls === 3, { what: 'the third delivery' });
    await sleep(200);
    t.equal(calls, 3, 'acknowledged on the third: not delivered again');
    await sub.stop();
  });

  t.test('a message that always fails is dead-lettered after maxDeliver, listed, and the consumer goes on', async (t) => {
    const name = durable();
    const poison = unique('poison');
    const healthy = unique('healthy');
    const attempts: string[] = [];
    const sub = await bus.subscribe({
      durable: name,
      retry: fast,
      handlers: {
        'crm.customer.linked': async (data) => {
          if (data.userId !== poison && data.userId !== healthy) return;
          attempts.push(data.userId);
          if (data.userId === poison) throw new Error('always broken');
        },
      },
    });
    await bus.publish('crm.customer.linked', linked(poison));
    await bus.publish('crm.customer.linked', linked(healthy));
    await waitFor(async () => (await bus.deadLetters.list({ durable: name, limit: 10 })).items.length === 1, { what: 'the dead letter' });
    await sleep(200);
    t.equal(attempts.filter((a) => a === poison).length, 3, 'no delivery after the last one');
    t.ok(attempts.includes(healthy), 'the next message was handled');
    const [letter] = (await bus.deadLetters.list({ durable: name, limit: 10 })).items;
    t.equal(letter?.durable, name);
    t.equal(letter?.subject, 'crm.customer.linked');
    t.equal(letter?.deliveries, 3);
    t.equal(letter?.reason, 'always broken');
    t.equal((letter?.envelope?.data as { userId: string } | undefined)?.userId, poison, 'the event can be read back');
    t.same(await bus.deadLetters.get(letter!.id), letter, 'and fetched by id');
    await sub.stop();
  });

  t.test('a replayed dead letter goes to the group it failed for, and only to it', async (t) => {
    const failing = durable();
    const other = durable();
    const id = unique('replay');
    let broken = true;
    const failingSeen: number[] = [];
    const otherSeen: number[] = [];
    const subs = [
      await bus.subscribe({
        durable: failing,
        retry: { maxDeliver: 1, backoffMs: [10] },
        handlers: {
          'crm.customer.linked': async (data, ctx) => {
            if (data.userId !== id) return;
            failingSeen.push(ctx.deliveries);
            if (broken) throw new Error('down for now');
          },
        },
      }),
      await bus.subscribe({ durable: other, handlers: { 'crm.customer.linked': async (data) => void (data.userId === id && otherSeen.push(1)) } }),
    ];
    await bus.publish('crm.customer.linked', linked(id));
    const letter = await waitFor(async () => (await bus.deadLetters.list({ durable: failing, limit: 10 })).items[0], { what: 'the dead letter' });
    await waitFor(() => otherSeen.length === 1, { what: 'the other group' });
    broken = false;
    const replayed = await bus.deadLetters.replay(letter.id);
    t.equal(replayed?.id, letter.id);
    await waitFor(() => failingSeen.length === 2, { what: 'the replay' });
    await sleep(200);
    t.equal(otherSeen.length, 1, 'the group that had handled it does not see it again');
    t.same((await bus.deadLetters.list({ durable: failing, limit: 10 })).items, [], 'the replayed letter is gone');
    t.equal(await bus.deadLetters.replay(letter.id), null, 'a second replay finds nothing');
    await Promise.all(subs.map((s) => s.stop()));
  });

  t.test('dead letters are paged oldest first with a cursor', async (t) => {
    const name = durable();
    const ids = [unique('page'), unique('page'), unique('page')];
    const sub = await bus.subscribe({
      durable: name,
      retry: { maxDeliver: 1, backoffMs: [10] },
      handlers: {
        'crm.customer.linked': async (data) => {
          if (ids.includes(data.userId)) throw new Error('x');
        },
      },
    });
    for (const id of ids) {
      await bus.publish('crm.customer.linked', linked(id));
      await waitFor(async () =>
        (await bus.deadLetters.list({ durable: name, limit: 10 })).items.some((l) => (l.envelope?.data as { userId: string }).userId === id),
      );
    }
    const first = await bus.deadLetters.list({ durable: name, limit: 2 });
    t.equal(first.items.length, 2);
    t.ok(first.nextCursor, 'a cursor to the rest');
    const rest = await bus.deadLetters.list({ durable: name, limit: 2, cursor: first.nextCursor! });
    const order = [...first.items, ...rest.items].map((l) => (l.envelope?.data as { userId: string }).userId);
    t.same(order, ids, 'oldest first, each once');
    t.equal(rest.nextCursor, null);
    await sub.stop();
  });

  t.test('two replicas on one durable share the work; another durable sees everything', async (t) => {
    const name = durable();
    const ids = Array.from({ length: 40 }, (_, i) => unique(`share${i}`));
    const mine = (id: string) => ids.includes(id);
    const a: string[] = [];
    const b: string[] = [];
    const other: string[] = [];
    const subs = [
      // One message at a time and a little work each, so one replica cannot take the whole batch alone.
      await bus.subscribe({
        durable: name,
        concurrency: 1,
        handlers: { 'crm.customer.linked': async (d) => void (mine(d.userId) && (await slow(), a.push(d.userId))) },
      }),
      await bus.subscribe({
        durable: name,
        concurrency: 1,
        handlers: { 'crm.customer.linked': async (d) => void (mine(d.userId) && (await slow(), b.push(d.userId))) },
      }),
      await bus.subscribe({ durable: durable(), handlers: { 'crm.customer.linked': async (d) => void (mine(d.userId) && other.push(d.userId)) } }),
    ];
    await Promise.all(ids.map((id) => bus.publish('crm.customer.linked', linked(id))));
    await waitFor(() => a.length + b.length === 40 && other.length === 40, { what: 'all deliveries' });
    t.same([...a, ...b].sort(), [...ids].sort(), 'each message handled by exactly one replica');
    t.ok(a.length > 0 && b.length > 0, `both replicas worked (${a.length}/${b.length})`);
    await Promise.all(subs.map((s) => s.stop()));
  });

  t.test('a member handles at most its concurrency at once', async (t) => {
    const ids = Array.from({ length: 12 }, (_, i) => unique(`cap${i}`));
    let now = 0;
    let most = 0;
    let done = 0;
    const sub = await bus.subscribe({
      durable: durable(),
      concurrency: 3,
      handlers: {
        'crm.customer.linked': async (d) => {
          if (!ids.includes(d.userId)) return;
          most = Math.max(most, ++now);
          await sleep(20);
          now--;
          done++;
        },
      },
    });
    await Promise.all(ids.map((id) => bus.publish('crm.customer.linked', linked(id))));
    await waitFor(() => done === 12, { what: 'every message' });
    t.equal(most, 3, 'three at a time, never more');
    await sub.stop();
  });

  t.test('a group whose members are all stopped keeps what is published for it', async (t) => {
    const name = durable();
    const first = recorder();
    const sub = await bus.subscribe({ durable: name, handlers: { 'crm.customer.linked': first.handler } });
    await sub.stop();
    const ids = [unique('kept'), unique('kept')];
    for (const id of ids) await bus.publish('crm.customer.linked', linked(id));
    const again = recorder();
    const back = await bus.subscribe({ durable: name, handlers: { 'crm.customer.linked': again.handler } });
    await waitFor(() => ids.every((id) => again.seen.includes(id)), { what: 'the kept messages' });
    t.notOk(
      ids.some((id) => first.seen.includes(id)),
      'nothing was taken while no member ran',
    );
    await back.stop();
  });

  t.test('a group created after a publish still receives it (new consumers start at what the stream holds)', async (t) => {
    const id = unique('early');
    await bus.publish('crm.customer.linked', linked(id));
    const late = recorder();
    const sub = await bus.subscribe({ durable: durable(), handlers: { 'crm.customer.linked': late.handler } });
    await waitFor(() => late.seen.includes(id), { what: 'the earlier message' });
    t.pass('delivered to a group that did not exist when it was published');
    await sub.stop();
  });

  t.test('a message id published twice within the window is delivered once', async (t) => {
    const seen = recorder();
    const sub = await bus.subscribe({ durable: durable(), concurrency: 1, handlers: { 'crm.customer.linked': seen.handler } });
    const once = unique('once');
    const env = makeEnvelope('crm.customer.linked', linked(once), { id: unique('fixed-id') });
    for (let i = 0; i < 5; i++) await bus.publishEnvelope(env);
    const marker = unique('marker');
    await bus.publish('crm.customer.linked', linked(marker));
    await waitFor(() => seen.seen.includes(marker), { what: 'the marker' });
    t.same(
      seen.seen.filter((s) => s === once),
      [once],
    );
    await sub.stop();
  });

  t.test('request/reply carries values and typed errors', async (t) => {
    const srv = await bus.serve('rpc.user.set-stripe-customer', async (req) => {
      if (req.userId === 'nobody') throw new RpcError('NOT_FOUND', 'no such user', 404);
      if (req.userId === 'crash') throw new Error('database password is hunter2');
      return { stripeCustomerId: req.stripeCustomerId };
    });
    t.same(await bus.request('rpc.user.set-stripe-customer', { userId: 'u', stripeCustomerId: 'cus_1' }), { stripeCustomerId: 'cus_1' });
    await t.rejects(bus.request('rpc.user.set-stripe-customer', { userId: 'nobody', stripeCustomerId: 'cus_1' }), { code: 'NOT_FOUND', status: 404 });
    const err = (await bus.request('rpc.user.set-stripe-customer', { userId: 'crash', stripeCustomerId: 'c' }).catch((e: unknown) => e)) as Error;
    t.equal((err as RpcError).status, 500);
    t.notMatch(err.message, /hunter2/, 'internals do not cross the wire');
    await srv.stop();
  });

  t.test('check reports the transport healthy', async (t) => {
    t.equal((await bus.check()).ok, true);
  });

  t.test('after a restart on the same state, what a group had not acknowledged is delivered', async (t) => {
    const storage = unique('restart');
    const name = durable();
    const first = await factory.open({ storage });
    const sub = await first.subscribe({ durable: name, handlers: { 'crm.customer.linked': async () => undefined } });
    await sub.stop();
    const id = unique('while-down');
    await first.publish('crm.customer.linked', linked(id));
    await first.close();
    const second = await factory.open({ storage });
    const after = recorder();
    const back = await second.subscribe({ durable: name, handlers: { 'crm.customer.linked': after.handler } });
    await waitFor(() => after.seen.includes(id), { what: 'the message kept across the restart' });
    t.pass('delivered after the restart');
    await back.stop();
    await second.close();
  });

  t.test('a handler past the ack wait is given out again, unless it says it is working', async (t) => {
    const quick = await factory.open({ storage: unique('ackwait'), ackWaitMs: 1_000 });
    const silentId = unique('silent');
    const busyId = unique('busy');
    const deliveries: Record<string, number> = {};
    const sub = await quick.subscribe({
      durable: durable(),
      handlers: {
        'crm.customer.linked': async (data, ctx) => {
          if (data.userId !== silentId && data.userId !== busyId) return;
          deliveries[data.userId] = (deliveries[data.userId] ?? 0) + 1;
          if (deliveries[data.userId]! > 1) return;
          for (let i = 0; i < 10; i++) {
            await sleep(250);
            if (data.userId === busyId) ctx.working();
          }
        },
      },
    });
    await quick.publish('crm.customer.linked', linked(silentId));
    await quick.publish('crm.customer.linked', linked(busyId));
    await waitFor(() => (deliveries[silentId] ?? 0) >= 2, { what: 'the silent handler to be overtaken', timeoutMs: 8_000 });
    await sleep(2_000);
    t.equal(deliveries[busyId], 1, 'working() kept the message with its handler');
    await sub.stop();
    await quick.close();
  });
}
