import type { StoreRoot } from './collection.js';
import { openEmbeddedStore } from './embedded.js';
import type { SyncMode } from './sqlite/database.js';

export interface StoreSettings {
  mongodbUrl?: string | undefined;
  mongodbDb?: string;
  dataDir: string;
  /** Embedded store: how often TTL indexes are applied (tests shorten it). */
  ttlSweepMs?: number;
  /** Embedded store: SQLite's `synchronous` (EMBEDDED_STORE_SYNC); see sqlite/database.ts. */
  embeddedSync?: SyncMode;
}

/** MONGODB_URL switches to MongoDB; otherwise the embedded store, so a fresh machine needs no server. */
export async function openStore(settings: StoreSettings): Promise<StoreRoot> {
  if (settings.mongodbUrl) {
    const { openMongoStore } = await import('./mongo.js');
    return await openMongoStore(settings.mongodbUrl, settings.mongodbDb ?? 'lumira');
  }
  return openEmbeddedStore(settings.dataDir, {
    ...(settings.ttlSweepMs !== undefined ? { ttlSweepMs: settings.ttlSweepMs } : {}),
    ...(settings.embeddedSync !== undefined ? { sync: settings.embeddedSync } : {}),
  });
}
