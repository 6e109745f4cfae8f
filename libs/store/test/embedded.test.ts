import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { openStore } from '@lumira/store';
import { storeContract } from './contract.js';

const dir = await mkdtemp(path.join(tmpdir(), 'lumira-store-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));

storeContract(t, () => openStore({ dataDir: dir, ttlSweepMs: 100 }));

t.test('embedded data survives a reopen of the same directory', async (t) => {
  const first = await openStore({ dataDir: dir });
  await first.forService('persist').collection<{ _id: string; v: number }>('things').insertOne({ _id: 'p', v: 42 });
  await first.close();
  const second = await openStore({ dataDir: dir });
  const again = await second.forService('persist').collection<{ _id: string; v: number }>('things').findOne({ _id: 'p' });
  t.equal(again?.v, 42);
  await second.close();
});

t.test('writes after a compaction land in the new datafile and survive a reopen', async (t) => {
  const first = await openStore({ dataDir: dir });
  const c = first.forService('compact').collection<{ _id: string; v: number }>('things');
  await c.insertOne({ _id: 'a', v: 1 });
  await (c as unknown as { db: { compactDatafileAsync(): Promise<void> } }).db.compactDatafileAsync();
  await c.insertOne({ _id: 'b', v: 2 });
  await c.updateOne({ _id: 'a' }, { $set: { v: 3 } });
  await first.close();
  const second = await openStore({ dataDir: dir });
  const again = second.forService('compact').collection<{ _id: string; v: number }>('things');
  t.same((await again.find({}, { sort: { _id: 1 } })).map((d) => [d._id, d.v]), [['a', 3], ['b', 2]]);
  await second.close();
});
