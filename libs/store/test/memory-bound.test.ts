import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'helpers', 'grow.ts');

// The bench measures the real figure (100,000 orders, within 20 %); this only catches a store that holds
// its documents in memory again: 30,000 documents of ~1 KB are ~30 MB that a cache-bounded store does
// not keep (nedb kept them all, and more than that in its indexes).
t.test('resident size does not follow the data: 30 MB written, well under 20 MB more resident', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'lumira-grow-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--conditions=lumira-source', '--import=tsx', child, dir, '2000', '32000']);
  const { atEarly, atEnd } = JSON.parse(stdout.trim()) as { atEarly: number; atEnd: number };
  t.ok(atEnd - atEarly < 20 * 1024 * 1024, `grew ${((atEnd - atEarly) / 1048576).toFixed(1)} MB`);
});
