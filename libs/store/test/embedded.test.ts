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

t.test('nested fields filter by equality, null and $exists with one statement for any key', async (t) => {
  const root = await openStore({ dataDir: dir });
  const c = root.forService('nested').collection<{ _id: string; lastError?: { jobId: string } | null; counted: Record<string, boolean> }>('things');
  await c.insertMany([
    { _id: 'a', lastError: { jobId: 'j1' }, counted: { o1: true } },
    { _id: 'b', lastError: null, counted: {} },
  ]);
  t.same(
    (await c.find({ 'lastError.jobId': 'j1' })).map((d) => d._id),
    ['a'],
  );
  t.same(
    (await c.find({ 'lastError.jobId': null }, { sort: { _id: 1 } })).map((d) => d._id),
    ['b'],
    'null matches a missing path',
  );
  t.same(
    (await c.find({ 'counted.o1': { $exists: false } })).map((d) => d._id),
    ['b'],
  );
  t.same(
    (await c.find({ 'counted.o2': { $exists: false } }, { sort: { _id: 1 } })).map((d) => d._id),
    ['a', 'b'],
  );
  await root.close();
});

t.test('a service file open in one store is refused to a second one rather than shared', async (t) => {
  // locking_mode EXCLUSIVE: the in-process bus counts its sequence in memory, two writers would collide.
  const first = await openStore({ dataDir: dir });
  await first.forService('owned').collection<{ _id: string }>('things').insertOne({ _id: 'a' });
  const second = await openStore({ dataDir: dir });
  t.throws(() => second.forService('owned'), /locked|busy/i);
  await second.close();
  await first.close();
  const third = await openStore({ dataDir: dir });
  t.ok(await third.forService('owned').collection<{ _id: string }>('things').findOne({ _id: 'a' }), 'open again once the first closed');
  await third.close();
});
