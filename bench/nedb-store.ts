/**
 * The embedded store as it was before SQLite (libs/store/src/embedded.ts at d3d6b83, nedb), kept only so
 * the benchmark can run the system on both in one run. nedb is a devDependency of the repository root,
 * never of a runtime package.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import NedbModule from '@seald-io/nedb';
import { installAppendHandles, releaseAppendHandle } from './nedb-append-handles.js';
import {
  DuplicateKeyError,
  type Collection,
  type Doc,
  type Filter,
  type FindOptions,
  type IndexKeys,
  type IndexOptions,
  type Store,
  type StoreRoot,
  type Update,
  type UpdateResult,
} from '@lumira/store';

type Datastore<S> = import('@seald-io/nedb').default<S>;
// The package is CommonJS with an ESM-style `export default` in its types: resolve the class either way.
const Datastore = ((NedbModule as unknown as { default?: unknown }).default ?? NedbModule) as unknown as new <S>(options: { filename: string }) => Datastore<S>;

const COMPACTION_INTERVAL_MS = 10 * 60 * 1000;
/** As often as MongoDB's TTL monitor looks for expired documents. */
const DEFAULT_TTL_SWEEP_MS = 60_000;

function rethrow(name: string, err: unknown): never {
  if ((err as { errorType?: string } | null)?.errorType === 'uniqueViolated') throw new DuplicateKeyError(name, err);
  throw err;
}

/** One nedb datafile per collection: an append-only log, compacted at load and every ten minutes. */
class EmbeddedCollection<T extends Doc> implements Collection<T> {
  private readonly loaded: Promise<void>;
  /** TTL indexes: field → seconds. nedb also drops expired documents it meets in a query. */
  readonly ttl = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly db: Datastore<T>,
    dir: string,
    readonly filename: string,
  ) {
    this.loaded = mkdir(dir, { recursive: true }).then(() => db.loadDatabaseAsync());
    db.setAutocompactionInterval(COMPACTION_INTERVAL_MS);
  }

  async insertOne(doc: T): Promise<void> {
    await this.loaded;
    await this.db.insertAsync(doc).catch((err: unknown) => rethrow(this.name, err));
  }

  async insertMany(docs: T[]): Promise<void> {
    await this.loaded;
    if (docs.length === 0) return;
    await this.db.insertAsync(docs).catch((err: unknown) => rethrow(this.name, err));
  }

  async findOne(filter: Filter): Promise<T | null> {
    await this.loaded;
    return (await this.db.findOneAsync(filter)) ?? null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    await this.loaded;
    let cursor = this.db.findAsync(filter);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return await cursor;
  }

  async countDocuments(filter: Filter): Promise<number> {
    await this.loaded;
    return await this.db.countAsync(filter);
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    await this.loaded;
    const r = await this.db.updateAsync(filter, update, { upsert: options.upsert ?? false, multi: false }).catch((err: unknown) => rethrow(this.name, err));
    return { matched: r.upsert ? 0 : r.numAffected, upserted: r.upsert === true };
  }

  async findOneAndUpdate(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<T | null> {
    await this.loaded;
    const r = await this.db
      .updateAsync(filter, update, { upsert: options.upsert ?? false, multi: false, returnUpdatedDocs: true })
      .catch((err: unknown) => rethrow(this.name, err));
    return (r.affectedDocuments as T | null) ?? null;
  }

  async deleteOne(filter: Filter): Promise<number> {
    await this.loaded;
    return await this.db.removeAsync(filter, { multi: false });
  }

  async deleteMany(filter: Filter): Promise<number> {
    await this.loaded;
    return await this.db.removeAsync(filter, { multi: true });
  }

  async createIndex(keys: IndexKeys, options: IndexOptions = {}): Promise<void> {
    await this.loaded;
    // nedb's compound indexes have no direction: the order of a sort does not depend on it here.
    const fields = typeof keys === 'string' ? keys : Object.keys(keys);
    const ttl = options.expireAfterSeconds;
    if (ttl !== undefined && typeof fields !== 'string') throw new Error(`a TTL index is on one field (${this.name})`);
    await this.db.ensureIndexAsync({
      fieldName: fields,
      unique: options.unique ?? false,
      sparse: options.sparse ?? false,
      ...(ttl !== undefined ? { expireAfterSeconds: ttl } : {}),
    });
    if (ttl !== undefined && typeof fields === 'string') this.ttl.set(fields, ttl);
  }

  /** Deletes what every TTL index says has expired; answers how many documents went. */
  async sweepExpired(now = Date.now()): Promise<number> {
    await this.loaded;
    let removed = 0;
    for (const [field, seconds] of this.ttl) {
      const cutoff = now - seconds * 1000;
      // Dates only, as MongoDB's TTL monitor: nedb's $lt would also take null (it sorts before a Date).
      const expired = function (this: Record<string, unknown>) {
        const value = this[field];
        return value instanceof Date && value.getTime() < cutoff;
      };
      removed += await this.db.removeAsync({ $where: expired }, { multi: true });
    }
    return removed;
  }
}

class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  readonly collections = new Map<string, EmbeddedCollection<Doc>>();

  constructor(
    readonly namespace: string,
    private readonly dir: string,
  ) {}

  collection<T extends Doc>(name: string): Collection<T> {
    let c = this.collections.get(name);
    if (!c) {
      const filename = path.join(this.dir, `${name}.db`);
      const db = new Datastore<Doc>({ filename });
      c = new EmbeddedCollection(name, db, this.dir, filename);
      this.collections.set(name, c);
    }
    return c as unknown as Collection<T>;
  }

  async ping(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  async close(): Promise<void> {
    for (const c of this.collections.values()) {
      c['db'].stopAutocompaction();
      await releaseAppendHandle(c.filename);
    }
  }
}

export interface EmbeddedStoreOptions {
  /** How often TTL indexes are applied (60 s, as MongoDB's TTL monitor). */
  ttlSweepMs?: number;
}

/** Documents on disk under DATA_DIR/<service>/, one nedb datafile per collection. */
export function openNedbStore(dataDir: string, options: EmbeddedStoreOptions = {}): StoreRoot {
  installAppendHandles();
  const stores = new Map<string, EmbeddedStore>();
  let sweeping: Promise<unknown> | undefined;
  const sweeper = setInterval(() => {
    if (sweeping) return;
    const all = [...stores.values()].flatMap((s) => [...s.collections.values()]);
    // A failed sweep is tried again at the next tick; nothing depends on it having run.
    sweeping = Promise.allSettled(all.map((c) => c.sweepExpired())).finally(() => {
      sweeping = undefined;
    });
  }, options.ttlSweepMs ?? DEFAULT_TTL_SWEEP_MS);
  sweeper.unref();
  return {
    kind: 'embedded',
    forService(namespace) {
      let s = stores.get(namespace);
      if (!s) {
        s = new EmbeddedStore(namespace, path.join(dataDir, namespace));
        stores.set(namespace, s);
      }
      return s;
    },
    async ping() {
      await mkdir(dataDir, { recursive: true });
    },
    async close() {
      clearInterval(sweeper);
      await sweeping;
      for (const s of stores.values()) await s.close();
    },
  };
}
