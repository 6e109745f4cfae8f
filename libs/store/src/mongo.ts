import { MongoClient, MongoServerError, type Collection as MongoCollection, type Document } from 'mongodb';
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
} from './collection.js';

function rethrow(name: string, err: unknown): never {
  if (err instanceof MongoServerError && err.code === 11000) throw new DuplicateKeyError(name, err);
  throw err;
}

/** The official driver's collection, used as is; only results are reshaped to the shared interface. */
class MongoBackedCollection<T extends Doc> implements Collection<T> {
  constructor(
    readonly name: string,
    private readonly c: MongoCollection<Document>,
  ) {}

  async insertOne(doc: T): Promise<void> {
    await this.c.insertOne({ ...doc } as Document).catch((err: unknown) => rethrow(this.name, err));
  }

  async insertMany(docs: T[]): Promise<void> {
    if (docs.length === 0) return;
    await this.c.insertMany(docs.map((d) => ({ ...d }) as Document)).catch((err: unknown) => rethrow(this.name, err));
  }

  async findOne(filter: Filter): Promise<T | null> {
    return (await this.c.findOne(filter)) as T | null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    let cursor = this.c.find(filter);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return (await cursor.toArray()) as unknown as T[];
  }

  async countDocuments(filter: Filter): Promise<number> {
    return await this.c.countDocuments(filter);
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const r = await this.c.updateOne(filter, update, { upsert: options.upsert ?? false }).catch((err: unknown) => rethrow(this.name, err));
    return { matched: r.matchedCount, upserted: r.upsertedCount > 0 };
  }

  async findOneAndUpdate(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<T | null> {
    const r = await this.c
      .findOneAndUpdate(filter, update, { upsert: options.upsert ?? false, returnDocument: 'after' })
      .catch((err: unknown) => rethrow(this.name, err));
    return r as T | null;
  }

  async deleteOne(filter: Filter): Promise<number> {
    return (await this.c.deleteOne(filter)).deletedCount;
  }

  async deleteMany(filter: Filter): Promise<number> {
    return (await this.c.deleteMany(filter)).deletedCount;
  }

  async createIndex(keys: IndexKeys, options: IndexOptions = {}): Promise<void> {
    const spec = typeof keys === 'string' ? { [keys]: 1 as const } : keys;
    await this.c.createIndex(spec, {
      unique: options.unique ?? false,
      sparse: options.sparse ?? false,
      ...(options.expireAfterSeconds !== undefined ? { expireAfterSeconds: options.expireAfterSeconds } : {}),
    });
  }
}

/** Collections are named `<service>.<collection>` in one database, so services never share a collection. */
export async function openMongoStore(url: string, dbName: string): Promise<StoreRoot> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db(dbName);
  return {
    kind: 'mongodb',
    forService(namespace): Store {
      return {
        kind: 'mongodb',
        namespace,
        collection: <T extends Doc>(name: string) => new MongoBackedCollection<T>(name, db.collection(`${namespace}.${name}`)),
        ping: async () => void (await db.command({ ping: 1 })),
      };
    },
    async ping() {
      await db.command({ ping: 1 });
    },
    async close() {
      await client.close();
    },
  };
}
