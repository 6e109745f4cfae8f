import { Writable } from 'node:stream';
import t from 'tap';
import { createOutboxRelay } from '@lumira/bus';
import { createLogger } from '@lumira/logging';
import { openMemoryBus, tempStore, testLogger } from '@lumira/testing';
import { userCommands } from '../src/user-commands.js';
import type { UserDoc } from '../src/user.js';

// An operator follows a customer by ids: each state change is one line with the user id, and never the address.
t.test('user state changes are logged with ids and without the customer address', async (t) => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(JSON.parse(chunk.toString())), done()) });
  const log = createLogger({ name: 'user', pretty: false, destination: sink });
  const root = await tempStore(t);
  const users = root.forService('user').collection<UserDoc>('users');
  const bus = await openMemoryBus();
  t.teardown(() => bus.close());
  const commands = userCommands(users, createOutboxRelay(bus, users, testLogger()), log);
  const { userId } = await commands.ensure({ email: 'Secret.Person@example.com', name: 'Secret Person', locale: 'fr' }, 'corr');
  const order = {
    orderId: 'ord_1',
    userId,
    customerEmail: 'secret.person@example.com',
    customerName: 'Secret Person',
    locale: 'fr' as const,
    productId: 'intuitive',
    level: 2,
    productName: 'Intuitive',
    amount: 1400,
    currency: 'eur' as const,
    free: false,
    paymentIntentId: null,
    completedAt: new Date().toISOString(),
  };
  await commands.countOrder(order);
  await commands.countOrder(order);
  const messages = lines.map((l) => l.msg);
  t.same(messages, ['user created', 'order counted'], 'one line per change; a repeat changes nothing and logs nothing');
  t.match(lines[1], { userId, orderId: 'ord_1', totalOrders: 1 });
  t.notMatch(JSON.stringify(lines), /secret/i, 'no address or name in any line');
});
