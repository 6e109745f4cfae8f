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
