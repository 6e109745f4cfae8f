import type { Test } from 'tap';
import { waitFor } from '@lumira/testing';
import { RpcError, type Bus } from '@lumira/bus';

const fast = { maxDeliver: 3, backoffMs: [30, 60] };
const linked = (userId: string) => ({ userId, dolibarrCustomerId: 7 });
const slow = () => new Promise((r) => setTimeout(r, 5));

/** What both transports promise; the NATS run adds what only JetStream can show (dedup, junk on the wire). */
export function busContract(t: Test, open: () => Promise<Bus>): void {
  let bus: Bus;
  let n = 0;
  const durable = () => `t${process.pid}d${n++}`;
  t.before(async () => {
    bus = await open();
  });
  t.teardown(async () => bus.close());

  t.test('publish reaches a subscriber with typed data and the correlation id', async (t) => {
    const seen: { userId: string; correlationId: string }[] = [];
    const sub = await bus.subscribe({
      durable: durable(),
      handlers: { 'crm.customer.linked': async (data, ctx) => void seen.push({ userId: data.userId, correlationId: ctx.correlationId }) },
    });
    await bus.publish('crm.customer.linked', linked('u-pub'), { correlationId: 'req-42' });
    await waitFor(() => seen.length === 1, { what: 'delivery' });
    t.same(seen, [{ userId: 'u-pub', correlationId: 'req-42' }]);
    await sub.stop();
  });

  t.test('an invalid event is rejected at publish', async (t) => {
    await t.rejects(bus.publish('crm.customer.linked', { userId: '', dolibarrCustomerId: 0 } as never), { name: 'InvalidEventError' });
  });

  t.test('a handler that throws gets the message again later', async (t) => {
    let calls = 0;
    const deliveries: number[] = [];
    const sub = await bus.subscribe({
      durable: durable(),
      retry: fast,
      handlers: {
        'crm.customer.linked': async (_d, ctx) => {
          deliveries.push(ctx.deliveries);
          if (++calls === 1) throw new Error('transient');
        },
      },
    });
    await bus.publish('crm.customer.linked', linked('u-retry'));
    await waitFor(() => calls === 2, { what: 'redelivery' });
    t.same(deliveries, [1, 2]);
    await sub.stop();
  });

  t.test('a handler that always fails is dead-lettered after maxDeliver and the consumer goes on', async (t) => {
    const attempts: string[] = [];
    const sub = await bus.subscribe({
      durable: durable(),
      retry: fast,
      handlers: {
        'crm.customer.linked': async (data) => {
          attempts.push(data.userId);
          if (data.userId === 'poison') throw new Error('always');
        },
      },
    });
    await bus.publish('crm.customer.linked', linked('poison')).catch(() => undefined);
    await bus.publish('crm.customer.linked', linked('healthy'));
    await waitFor(() => attempts.filter((a) => a === 'poison').length === 3 && attempts.includes('healthy'), { what: 'dead-letter' });
    await new Promise((r) => setTimeout(r, 200));
    t.equal(attempts.filter((a) => a === 'poison').length, 3, 'no delivery after the last one');
    await sub.stop();
  });

  t.test('two replicas on one durable share the work; another durable sees everything', async (t) => {
    const name = durable();
    const a: string[] = [];
    const b: string[] = [];
    const other: string[] = [];
    const subs = await Promise.all([
      // One message at a time and a little work each, so one replica cannot pull the whole batch alone.
      bus.subscribe({ durable: name, concurrency: 1, handlers: { 'crm.customer.linked': async (d) => void (await slow(), a.push(d.userId)) } }),
      bus.subscribe({ durable: name, concurrency: 1, handlers: { 'crm.customer.linked': async (d) => void (await slow(), b.push(d.userId)) } }),
      bus.subscribe({ durable: durable(), handlers: { 'crm.customer.linked': async (d) => void other.push(d.userId) } }),
    ]);
    const ids = Array.from({ length: 40 }, (_, i) => `share-${i}`);
    await Promise.all(ids.map((id) => bus.publish('crm.customer.linked', linked(id))));
    await waitFor(() => a.length + b.length === 40 && other.length === 40, { what: 'all deliveries' });
    t.same([...a, ...b].sort(), [...ids].sort(), 'each message handled by exactly one replica');
    t.ok(a.length > 0 && b.length > 0, `both replicas worked (${a.length}/${b.length})`);
    await Promise.all(subs.map((s) => s.stop()));
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
}
