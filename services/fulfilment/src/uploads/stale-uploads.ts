import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Partial uploads left by a process that died mid-upload (a failed or aborted upload removes its own).
 * Only files untouched for `olderThanMs` go: an upload still arriving keeps its file's mtime fresh.
 */
export async function removeStaleUploads(dir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  let removed = 0;
  for (const name of names.filter((n) => n.endsWith('.part'))) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > olderThanMs) {
      await unlink(file).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}
