/**
 * The Mongo-shaped subset the services use. Both backends implement exactly this, so a service never
 * knows which one it runs on; the contract suite (test/contract.ts) holds them to the same behaviour.
 */
export interface Doc {
  _id: string;
}
export type Filter = Record<string, unknown>;
export type Update = Record<string, unknown>;
export type SortSpec = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
}

export interface UpdateResult {
  matched: number;
  upserted: boolean;
}

/** One field, or several in order (a compound index), each ascending (1) or descending (-1). */
export type IndexKeys = string | Record<string, 1 | -1>;

export interface IndexOptions {
  unique?: boolean;
  /**
   * Only documents that carry the field are indexed (the embedded store: a partial index of the
   * documents where the field is not null).
   */
  sparse?: boolean;
  /**
   * Retention (a TTL index, single field only): a document whose field holds a Date older than this many
   * seconds is deleted by the backend in the background (MongoDB's TTL monitor, every 60 s; the embedded
   * store's sweeper likewise). A document without the field, or with a non-Date value, is kept: set the
   * field when the document becomes disposable (a job done, a mail sent).
   */
  expireAfterSeconds?: number;
}

export interface Collection<T extends Doc> {
  readonly name: string;
  /** Throws DuplicateKeyError when `_id` or a unique index already holds the value. */
  insertOne(doc: T): Promise<void>;
  /**
   * Several documents in one write (group commit). On a duplicate it throws DuplicateKeyError, and which
   * of the others were written is not promised: callers insert what they already know to be new.
   */
  insertMany(docs: T[]): Promise<void>;
  findOne(filter: Filter): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  countDocuments(filter: Filter): Promise<number>;
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  /** Atomic conditional update; answers the document after the update, or null when nothing matched. */
  findOneAndUpdate(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<T | null>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
  createIndex(keys: IndexKeys, options?: IndexOptions): Promise<void>;
}

export interface Store {
  readonly kind: 'embedded' | 'mongodb';
  readonly namespace: string;
  collection<T extends Doc>(name: string): Collection<T>;
  ping(): Promise<void>;
}

/** What a process opens once and hands to each service as a namespaced Store. */
export interface StoreRoot {
  readonly kind: 'embedded' | 'mongodb';
  forService(namespace: string): Store;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class DuplicateKeyError extends Error {
  constructor(
    readonly collection: string,
    cause?: unknown,
  ) {
    super(`duplicate key in ${collection}`, { cause });
    this.name = 'DuplicateKeyError';
  }
}

export function isDuplicateKeyError(err: unknown): err is DuplicateKeyError {
  return err instanceof DuplicateKeyError;
}

/** Inserts unless `_id` or a unique key is taken: false means "already there" (a repeat, an inbox hit). */
export async function insertIfAbsent<T extends Doc>(collection: Collection<T>, doc: T): Promise<boolean> {
  try {
    await collection.insertOne(doc);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
