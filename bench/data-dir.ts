import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Where the benchmark keeps the system's data: BENCH_DATA_DIR, else RAM-backed /dev/shm where there is
 * one, else the OS temp dir. The store never fsyncs, so its appends cost the same on either; but the
 * local mail sink creates a file per mail, and on this project's ext4 VM that creation costs 0.05 to
 * 0.6 ms of kernel CPU depending on how many files were deleted recently (ext4's recently_deleted scan,
 * seen with perf). On disk the benchmark would measure that file system more than the system.
 */
export async function benchDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const root = process.env.BENCH_DATA_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
  const dir = await mkdtemp(path.join(root, 'lumira-bench-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
