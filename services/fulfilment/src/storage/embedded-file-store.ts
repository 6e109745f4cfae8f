import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { FileStore } from './file-store.js';

/**
 * The default on one machine: files under `<DATA_DIR>/files`, served by the service itself. A checked
 * upload is renamed into place from the upload directory on the same disk, so a file is there whole or
 * not at all.
 */
export function createEmbeddedFileStore(root: string): FileStore {
  const pathOf = (key: string): string => {
    const full = path.resolve(root, key);
    // Keys are made by the service from ids, but a path is checked anyway before touching the disk.
    if (!full.startsWith(`${path.resolve(root)}${path.sep}`)) throw new Error('object key outside the file store');
    return full;
  };
  return {
    kind: 'embedded',
    description: `embedded, files in ${root}`,
    async put(key, localPath) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(localPath, target);
    },
    async remove(key) {
      await unlink(pathOf(key)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    },
    async deliver(key) {
      return { type: 'local', path: pathOf(key) };
    },
    async check() {
      await mkdir(root, { recursive: true });
      await stat(root);
      return { status: 'up', detail: `embedded ${root}` };
    },
    async close() {
      // Nothing held open between requests.
    },
  };
}
