import { Writable } from 'node:stream';
import t from 'tap';
import { createOutboxRelay } from '@lumira/bus';
import { createLogger } from '@lumira/logging';
import { openMemoryBus, tempStore, testLogger } from '@lumira/testing';
import { orderCommands } from '../src/order-commands.js';
import type { OrderDoc } from '../src/order.js';

// One line per order state change, with the ids an operator searches by; never the customer's address.
t.test('order creation and state changes are logged with ids only', async (t) => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void (lines.push(JSON.parse(chunk.toString())), done()) });
  const log = createLogger({ name: 'order', pretty: false, destination: sink });
  const root = await tempStore(t);
  const orders = root.forService('order').collection<OrderDoc>('orders');
  const bus = await openMemoryBus();
  t.teardown(() => bus.close());
  const commands = orderCommands(orders, createOutboxRelay(bus, orders, testLogger()), async () => {}, log);
  await commands.create(
    {
      orderId: 'ord_log',
      userId: 'usr_1',
      customerEmail: 'hidden.customer@example.com',
      customerName: 'Hidden Customer',
      locale: 'fr',
      productId: 'intuitive',
      level: 2,
      productName: 'Intuitive',
      amount: 1400,
      currency: 'eur',
      free: false,
      product: { id: 'intuitive', level: 2, name: 'Intuitive', description: 'Profil d’âme', amount: 1400, currency: 'eur' },
    },
    'corr',
  );
  await commands.attachPaymentIntent('ord_log', 'pi_log');
  await commands.abandon('ord_log', 'checkout_failed', 'corr');
  await commands.abandon('ord_log', 'checkout_failed', 'corr');
  t.same(
    lines.map((l) => l.msg),
    ['order created', 'order state changed'],
    'a repeated abandon changes nothing and logs nothing',
  );
  t.match(lines[1], { orderId: 'ord_log', paymentIntentId: 'pi_log', from: 'pending', to: 'canceled', event: 'canceled' });
  t.notMatch(JSON.stringify(lines), /hidden/i, 'no address or name in any line');
});
