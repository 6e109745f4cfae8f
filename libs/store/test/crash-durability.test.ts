import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { openStore } from '@lumira/store';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers', 'write-burst.ts');

/** Starts the writer, lets it acknowledge `writes` writes, kills it with SIGKILL; answers the last one. */
async function killDuringBurst(dataDir: string, writes: number, sync?: string): Promise<number> {
  const proc = spawn(process.execPath, ['--conditions=lumira-source', '--import=tsx', child, dataDir, ...(sync ? [sync] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let acked = 0;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  for await (const line of createInterface({ input: proc.stdout })) {
    if (line === 'ready') continue;
    acked = Number(line);
    if (acked >= writes && proc.exitCode === null) proc.kill('SIGKILL');
  }
  await exited;
  return acked;
}

for (const sync of [undefined, 'FULL']) {
  t.test(`kill -9 during a burst of writes loses no acknowledged write (synchronous=${sync ?? 'NORMAL'})`, async (t) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lumira-crash-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const acked = await killDuringBurst(dir, sync ? 300 : 2000, sync);
    t.ok(acked > 0, `the writer acknowledged ${acked} writes before the kill`);
    const root = await openStore({ dataDir: dir });
    const store = root.forService('burst');
    const items = store.collection<{ _id: string; n: number; at: Date }>('items');
    const held = await items.countDocuments({ n: { $lte: acked } });
    t.equal(held, acked, 'every acknowledged insert is there');
    const counter = await store.collection<{ _id: string; n: number }>('counters').findOne({ _id: 'c' });
    t.ok(counter !== null && counter.n >= acked, 'the conditional update acknowledged last is there');
    t.ok((await items.findOne({ _id: `i${acked}` }))?.at instanceof Date);
    await items.insertOne({ _id: 'after', n: -1, at: new Date() });
    t.equal((await items.findOne({ _id: 'after' }))?.n, -1, 'the database takes writes again');
    await root.close();
  });
}
