import { closeSync, openSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

interface NedbStorage {
  appendFileAsync(filename: string, data: string, options: { encoding: string; mode?: number }): Promise<void>;
  crashSafeWriteFileLinesAsync(filename: string, lines: string[], modes?: unknown): Promise<void>;
}

const require = createRequire(import.meta.url);
const storage = require('@seald-io/nedb/lib/storage.js') as NedbStorage;
const descriptors = new Map<string, number>();
let installed = false;

/**
 * nedb appends each write with fs.appendFile, which opens and closes the datafile every time: three
 * thread-pool round trips per write, and nedb waits for each before the next write to that file. Even
 * one long-lived handle's promise appendFile costs ~30 µs of main-thread CPU per write (measured), while
 * a synchronous write(2) of the same line to an O_APPEND descriptor costs ~1.5 µs and lands in the page
 * cache just the same: the durability is unchanged (nedb never fsyncs an append either). nedb never
 * appends and compacts a file at once (its executor serialises both), and the descriptor is closed
 * before a compaction replaces the file.
 */
export function installAppendHandles(): void {
  if (installed) return;
  installed = true;
  const rewrite = storage.crashSafeWriteFileLinesAsync;
  storage.appendFileAsync = async (filename, data, options) => {
    let fd = descriptors.get(filename);
    if (fd === undefined) {
      fd = openSync(filename, 'a', options.mode);
      descriptors.set(filename, fd);
    }
    const bytes = Buffer.from(data, 'utf8');
    for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
  };
  storage.crashSafeWriteFileLinesAsync = async (filename, lines, modes) => {
    await releaseAppendHandle(filename);
    await rewrite(filename, lines, modes);
  };
}

export async function releaseAppendHandle(filename: string): Promise<void> {
  const fd = descriptors.get(filename);
  descriptors.delete(filename);
  if (fd !== undefined) {
    try {
      closeSync(fd);
    } catch {
      // Already closed: nothing is left to release.
    }
  }
}
