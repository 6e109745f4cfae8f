import { readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { tempDir } from '@lumira/testing';
import { removeStaleUploads } from '../../src/uploads/stale-uploads.js';

t.test('partial uploads untouched for a while are removed at start; fresh ones and other files stay', async (t) => {
  const dir = await tempDir();
  t.teardown(() => dir.remove());
  const now = Date.now();
  for (const name of ['old.part', 'fresh.part', 'old.txt']) await writeFile(path.join(dir.dir, name), 'x');
  const hourAgo = new Date(now - 3_600_000);
  await utimes(path.join(dir.dir, 'old.part'), hourAgo, hourAgo);
  await utimes(path.join(dir.dir, 'old.txt'), hourAgo, hourAgo);
  t.equal(await removeStaleUploads(dir.dir, 15 * 60_000, now), 1);
  t.same((await readdir(dir.dir)).sort(), ['fresh.part', 'old.txt']);
  t.equal(await removeStaleUploads(path.join(dir.dir, 'missing'), 1, now), 0, 'no directory yet');
});
