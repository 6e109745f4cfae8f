import { openStore } from '@lumira/store';

/**
 * A child process for the crash test: writes as fast as it can and prints each write once the store
 * has acknowledged it, until it is killed. Inserts, and a conditional counter update (a claim's shape).
 */
const [dataDir, sync] = process.argv.slice(2);
const root = await openStore({ dataDir: dataDir!, ...(sync ? { embeddedSync: sync as 'FULL' } : {}) });
const items = root.forService('burst').collection<{ _id: string; n: number; at: Date }>('items');
const counters = root.forService('burst').collection<{ _id: string; n: number }>('counters');
await counters.updateOne({ _id: 'c' }, { $set: { n: 0 } }, { upsert: true });
process.stdout.write('ready\n');
for (let n = 1; ; n++) {
  await items.insertOne({ _id: `i${n}`, n, at: new Date() });
  const c = await counters.findOneAndUpdate({ _id: 'c', n: n - 1 }, { $inc: { n: 1 } });
  if (c?.n !== n) throw new Error(`counter at ${c?.n}, expected ${n}`);
  process.stdout.write(`${n}\n`);
}
