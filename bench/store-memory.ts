import { openStore, type StoreRoot } from '@lumira/store';
import { benchDataDir } from './data-dir.js';
import { openNedbStore } from './nedb-store.js';

/**
 * Resident size as the shop's history grows: order-shaped documents written the way the order service
 * writes them (insert with an outbox, outbox cleared, conditional status change, a webhook record), RSS
 * read after 1,000, 10,000, 50,000 and 100,000 orders. Run by compare-stores.ts in a child process per backend
 * (`node --expose-gc bench/dist/store-memory.js nedb|sqlite`); prints one JSON line.
 */
const backend = process.argv[2] === 'nedb' ? 'nedb' : 'sqlite';
const total = Number(process.env.BENCH_MEMORY_ORDERS ?? 100_000);
const data = await benchDataDir();
const root: StoreRoot = backend === 'nedb' ? openNedbStore(data.dir) : await openStore({ dataDir: data.dir });
const orders = root.forService('order').collection<{ _id: string } & Record<string, unknown>>('orders');
const events = root.forService('payment').collection<{ _id: string } & Record<string, unknown>>('webhookEvents');
await orders.createIndex('customerEmail');
await orders.createIndex('outboxPendingSince', { sparse: true });
await orders.createIndex({ status: 1, _id: -1 });

const rss = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
};
// Where the resident size is read: the two points, and two between them to show where it levels.
const marks = [1_000, 10_000, 50_000, total].filter((n) => n <= total);
const samples: Record<number, number> = {};
const heap: Record<number, number> = {};
const started = process.cpuUsage();
for (let i = 1; i <= total; i++) {
  const id = `ord_${String(i).padStart(8, '0')}`;
  const now = new Date();
  await orders.insertOne({
    _id: id,
    status: 'pending',
    customerEmail: `customer${i % 5000}@example.com`,
    productId: 'reading-basic',
    amount: 4900,
    currency: 'eur',
    paymentIntentId: `pi_${i}`,
    revision: 1,
    createdAt: now,
    updatedAt: now,
    outbox: [{ id: `evt_${i}`, type: 'order.created', data: { orderId: id, amount: 4900, customerEmail: `customer${i % 5000}@example.com` } }],
    outboxPendingSince: Date.now(),
  });
  await orders.updateOne({ _id: id }, { $set: { outbox: [] }, $unset: { outboxPendingSince: '' } });
  await events.insertOne({ _id: `evt_stripe_${i}`, paymentIntentId: `pi_${i}`, receivedAt: now, type: 'payment_intent.succeeded' });
  await orders.findOneAndUpdate(
    { _id: id, status: { $in: ['pending', 'failed'] }, revision: 1 },
    { $set: { status: 'completed', updatedAt: new Date() }, $inc: { revision: 1 } },
  );
  if (marks.includes(i)) {
    samples[i] = rss();
    heap[i] = process.memoryUsage().heapTotal;
  }
  if (process.env.BENCH_MEMORY_TRACE && i % 10_000 === 0) process.stderr.write(`${i} ${JSON.stringify(process.memoryUsage())}\n`);
}
const cpu = process.cpuUsage(started);
process.stdout.write(
  `${JSON.stringify({ backend, rssAt1k: samples[1_000], rssAtEnd: samples[total], rss: samples, heapTotalAt1k: heap[1_000], heapTotalAtEnd: heap[total], orders: total, cpuUsPerOrder: (cpu.user + cpu.system) / total })}\n`,
);
await root.close();
await data.remove();
