import { openStore } from '@lumira/store';

/**
 * A child process for the memory test (run with --expose-gc): writes `total` order-sized documents and
 * prints its resident size after the first `early` and after all of them, as one JSON line.
 */
const [dataDir, early, total] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const root = await openStore({ dataDir });
const docs = root.forService('grow').collection<{ _id: string } & Record<string, unknown>>('orders');
await docs.createIndex('customerEmail');
const padding = 'x'.repeat(800);
const rss = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
};
let atEarly = 0;
for (let i = 1; i <= total; i++) {
  await docs.insertOne({ _id: `o${i}`, status: 'completed', customerEmail: `c${i}@example.com`, createdAt: new Date(), padding });
  if (i === early) atEarly = rss();
}
process.stdout.write(`${JSON.stringify({ atEarly, atEnd: rss() })}\n`);
await root.close();
