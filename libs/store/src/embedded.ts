import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Collection, Doc, Store, StoreRoot } from './collection.js';
import { ServiceDatabase, type SyncMode } from './sqlite/database.js';
import { migrateNedbDir } from './sqlite/nedb-migration.js';
import { SqliteCollection } from './sqlite/sqlite-collection.js';

/** As often as MongoDB's TTL monitor looks for expired documents. */
const DEFAULT_TTL_SWEEP_MS = 60_000;

/** One service's collections in one SQLite file, `<DATA_DIR>/<service>.sqlite`. */
class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  readonly collections = new Map<string, SqliteCollection<Doc>>();

  constructor(
    readonly namespace: string,
    readonly database: ServiceDatabase,
  ) {}

  collection<T extends Doc>(name: string): Collection<T> {
    let c = this.collections.get(name);
    if (!c) {
      c = new SqliteCollection<Doc>(name, this.database);
      this.collections.set(name, c);
    }
    return c as unknown as Collection<T>;
  }

  async ping(): Promise<void> {
    this.database.db.prepare('SELECT 1').get();
  }
}

export interface EmbeddedStoreOptions {
  /** How often TTL indexes are applied (60 s, as MongoDB's TTL monitor). */
  ttlSweepMs?: number;
  /** SQLite's `synchronous` in WAL mode: NORMAL (default) survives a process crash, FULL a power cut too. */
  sync?: SyncMode;
}

/**
 * The default store: SQLite files under DATA_DIR, no server to run. A service's store opens on first
 * use; an nedb directory left by an older version (`<DATA_DIR>/<service>/*.db`) is imported into it once.
 */
export function openEmbeddedStore(dataDir: string, options: EmbeddedStoreOptions = {}): StoreRoot {
  const stores = new Map<string, EmbeddedStore>();
  const sweeper = setInterval(() => {
    for (const s of stores.values()) {
      for (const c of s.collections.values()) {
        try {
          c.sweepExpired();
        } catch {
          // A failed sweep (a busy file) is tried again at the next tick; nothing depends on it having run.
        }
      }
    }
  }, options.ttlSweepMs ?? DEFAULT_TTL_SWEEP_MS);
  sweeper.unref();
  return {
    kind: 'embedded',
    forService(namespace) {
      let s = stores.get(namespace);
      if (!s) {
        const database = new ServiceDatabase(path.join(dataDir, `${namespace}.sqlite`), options.sync ?? 'NORMAL');
        migrateNedbDir(database, path.join(dataDir, namespace));
        s = new EmbeddedStore(namespace, database);
        stores.set(namespace, s);
      }
      return s;
    },
    async ping() {
      await mkdir(dataDir, { recursive: true });
    },
    async close() {
      clearInterval(sweeper);
      for (const s of stores.values()) s.database.close();
      stores.clear();
    },
  };
}
