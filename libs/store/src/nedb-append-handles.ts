import { open, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';

interface NedbStorage {
  appendFileAsync(filename: string, data: string, options: { encoding: string; mode?: number }): Promise<void>;
  crashSafeWriteFileLinesAsync(filename: string, lines: string[], modes?: unknown): Promise<void>;
}

const require = createRequire(import.meta.url);
const storage = require('@seald-io/nedb/lib/storage.js') as NedbStorage;
const handles = new Map<string, Promise<FileHandle>>();
let installed = false;

/**
 * nedb appends each write with fs.appendFile, which opens and closes the datafile every time: three
 * thread-pool round trips per write, and nedb waits for each before the next write to that file. One
 * long-lived O_APPEND handle per datafile writes the same bytes, with the same (no-fsync) durability,
 * in one round trip. nedb never appends and compacts a file at once (its executor serialises both),
 * and the handle is released before a compaction replaces the file.
 */
export function installAppendHandles(): void {
  if (installed) return;
  installed = true;
  const rewrite = storage.crashSafeWriteFileLinesAsync;
  storage.appendFileAsync = async (filename, data, options) => {
    let handle = handles.get(filename);
    if (!handle) {
      handle = open(filename, 'a', options.mode);
      handles.set(filename, handle);
      handle.catch(() => handles.delete(filename));
    }
    await (await handle).appendFile(data, 'utf8');
  };
  storage.crashSafeWriteFileLinesAsync = async (filename, lines, modes) => {
    await releaseAppendHandle(filename);
    await rewrite(filename, lines, modes);
  };
}

export async function releaseAppendHandle(filename: string): Promise<void> {
  const handle = handles.get(filename);
  handles.delete(filename);
  if (handle) await (await handle).close().catch(() => undefined);
}
