import t, { type Test } from 'tap';
import { createOutboxRelay } from '@lumira/bus';
import type { Collection } from '@lumira/store';
import { openMemoryBus, tempStore, testLogger } from '@lumira/testing';
import { userCommands } from '../src/user-commands.js';
import { consumeUserEvents, serveUserRpc } from '../src/user-handlers.js';
import type { UserDoc } from '../src/user.js';
import { COUNTED_HORIZON_MS } from '../src/counted-orders.js';

async function setup(t: Test, users: Collection<UserDoc>) {
  const bus = await openMemoryBus();
  t.teardown(() => bus.close());
  const commands = userCommands(users, createOutboxRelay(bus, users, testLogger()));
  const subs = [...(await serveUserRpc(bus, commands)), await consumeUserEvents(bus, commands)];
  t.teardown(async () => void (await Promise.all(subs.map((s) => s.stop()))));
  return { bus, commands };
}

t.test('set-stripe-customer: an unknown user is a 404, a store outage is not', async (t) => {
  const root = await tempStore(t);
  const real = root.forService('user').collection<UserDoc>('users');
  let down = false;
  const users = new Proxy(real, {
    get: (target, key) => {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (down ? Promise.reject(new Error('store unreachable')) : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  const { bus } = await setup(t, users);
  const { userId } = await bus.request('rpc.user.ensure', { email: 'rpc@example.com', name: null, locale: 'fr' });
  await t.rejects(bus.request('rpc.user.set-stripe-customer', { userId: 'usr_nobody', stripeCustomerId: 'cus_1' }), { code: 'USER_NOT_FOUND', status: 404 });
  down = true;
  const err = (await bus.request('rpc.user.set-stripe-customer', { userId, stripeCustomerId: 'cus_1' }).catch((e: unknown) => e)) as {
    status?: number;
    code?: string;
  };
  t.equal(err.status, 500, 'an error the caller retries');
  t.not(err.code, 'USER_NOT_FOUND');
  down = false;
  t.same(await bus.request('rpc.user.set-stripe-customer', { userId, stripeCustomerId: 'cus_1' }), { stripeCustomerId: 'cus_1' });
});

t.test('counted orders: a repeat counts once, and entries past the horizon are dropped as new ones come', async (t) => {
  const root = await tempStore(t);
  const users = root.forService('user').collection<UserDoc>('users');
  const { bus, commands } = await setup(t, users);
  const { userId } = await bus.request('rpc.user.ensure', { email: 'count@example.com', name: null, locale: 'fr' });
  const order = (orderId: string, completedAt: Date) => ({
    orderId,
    userId,
    customerEmail: 'count@example.com',
    customerName: null,
    locale: 'fr' as const,
    productId: 'intuitive',
    level: 2,
    productName: 'Intuitive',
    amount: 1400,
    currency: 'eur' as const,
    free: false,
    paymentIntentId: null,
    completedAt: completedAt.toISOString(),
  });
  const long = new Date(Date.now() - COUNTED_HORIZON_MS - 60_000);
  await commands.countOrder(order('ord_old', long));
  await commands.countOrder(order('ord_old', long));
  t.equal((await users.findOne({ _id: userId }))?.totalOrders, 1, 'a repeat is not counted, however old the order');
  // Counted long ago: as if the entry had been written before the horizon.
  await users.updateOne({ _id: userId }, { $set: { 'countedOrders.ord_old': long.getTime() } });
  await commands.countOrder(order('ord_new', new Date()));
  const user = await users.findOne({ _id: userId });
  t.equal(user?.totalOrders, 2);
  t.same(Object.keys(user?.countedOrders ?? {}), ['ord_new'], 'the entry past the horizon is gone');
});
