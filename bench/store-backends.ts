import type { StartOptions } from '@lumira/standalone/system';
import { openNedbStore } from './nedb-store.js';

/**
 * BENCH_STORE=nedb runs the system on the embedded store as it was before SQLite (bench/nedb-store.ts);
 * unset or `sqlite`, on today's. compare-stores.ts runs the benchmark once with each.
 */
export function benchStore(dataDir: string): { label: string; options: Pick<StartOptions, 'openStoreRoot'> } {
  if (process.env.BENCH_STORE === 'nedb') return { label: 'nedb (the old embedded store)', options: { openStoreRoot: async () => openNedbStore(dataDir) } };
  return { label: 'SQLite (node:sqlite, WAL, synchronous=NORMAL)', options: {} };
}
