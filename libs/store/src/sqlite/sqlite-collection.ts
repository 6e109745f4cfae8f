import { randomUUID } from 'node:crypto';
import {
  DuplicateKeyError,
  type Collection,
  type Doc,
  type Filter,
  type FindOptions,
  type IndexKeys,
  type IndexOptions,
  type Update,
  type UpdateResult,
} from '../collection.js';
import { applyUpdate, seedFromFilter } from './apply-update.js';
import { columnValues } from './column-values.js';
import type { ServiceDatabase } from './database.js';
import { createTableSql, fieldSql, quoteIdent } from './field-sql.js';
import { addColumns, assignments, dropExpressionIndex, insertSql, readColumns, setAssignments, touchedColumns } from './index-columns.js';
import { translateFilter, type SqlFilter, type SqlParam } from './filter-sql.js';
import { DATE_LOWEST, decodeDoc, encodeDate, encodeDoc } from './json-codec.js';
import { matchesAll } from './match.js';
import { translateUpdate } from './sql-update.js';

interface Row {
  id: string;
  doc: string;
}

const isConstraint = (err: unknown) => [1555, 2067].includes((err as { errcode?: number } | null)?.errcode ?? 0);

/**
 * One table per collection (`id`, `doc` as JSON). Each call runs synchronously to its end inside the
 * database's group commit (database.ts), which holds the write lock: nothing interleaves with a
 * conditional update (no other process can open the file meanwhile: locking_mode EXCLUSIVE).
 */
export class SqliteCollection<T extends Doc> implements Collection<T> {
  private readonly table: string;
  /** The fields that have a column of their own (index-columns.ts), and the INSERTs that fill them. */
  private readonly columns: Set<string>;
  private columnList: string[] = [];
  private insertStatement = '';
  private insertBoundStatement = '';
  /** TTL indexes: field → seconds, applied by the store's sweeper. */
  readonly ttl = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly sdb: ServiceDatabase,
  ) {
    this.table = quoteIdent(`c_${name}`);
    sdb.db.exec(createTableSql(name));
    this.columns = readColumns(sdb.db, `c_${name}`);
    this.prepareInserts();
  }

  private prepareInserts(): void {
    this.columnList = [...this.columns];
    this.insertStatement = insertSql(this.table, this.columns);
    this.insertBoundStatement = insertSql(this.table, this.columns, 'INSERT', true);
  }

  private rethrow(err: unknown): never {
    if (isConstraint(err)) throw new DuplicateKeyError(this.name, err);
    throw err;
  }

  /** One call, answered after the group commit it joins; a constraint error is a DuplicateKeyError. */
  private call<R>(work: () => R): Promise<R> {
    return this.sdb.run(() => {
      try {
        return work();
      } catch (err) {
        this.rethrow(err);
      }
    });
  }

  /** A call that only reads: answered at once when nothing written in this turn is waiting to commit. */
  private read<R>(work: () => R): Promise<R> {
    return this.sdb.read(work);
  }

  private insertRow(doc: T): void {
    if (typeof doc._id !== 'string') throw new Error(`${this.name}: _id must be a string`);
    const values = columnValues(doc, this.columnList);
    if (values) this.sdb.statement(this.insertBoundStatement).run(doc._id, encodeDoc(doc), ...values);
    else this.sdb.statement(this.insertStatement).run(doc._id, encodeDoc(doc));
  }

  async insertOne(doc: T): Promise<void> {
    await this.call(() => this.insertRow(doc));
  }

  async insertMany(docs: T[]): Promise<void> {
    if (docs.length === 0) return;
    await this.call(() => docs.forEach((d) => this.insertRow(d)));
  }

  /** Matching rows in order; SQL applies skip and limit when it decides the whole filter. */
  private *rows(filter: Filter, options: FindOptions = {}, columns = 'id, doc'): Generator<[Row, T]> {
    const q = translateFilter(filter, this.columns);
    const order = options.sort
      ? ` ORDER BY ${Object.entries(options.sort)
          .map(([f, d]) => `${fieldSql(f, this.columns)} ${d < 0 ? 'DESC' : 'ASC'}`)
          .join(', ')}`
      : '';
    const exact = q.residual.length === 0;
    const paging =
      exact && (options.limit || options.skip) ? ` LIMIT ${options.limit ? Math.max(0, options.limit) : -1} OFFSET ${Math.max(0, options.skip ?? 0)}` : '';
    const sql = `SELECT ${columns} FROM ${this.table} WHERE ${q.where}${order}${paging}`;
    let skip = exact ? 0 : (options.skip ?? 0);
    let left = exact ? Infinity : options.limit || Infinity;
    for (const row of this.sdb.statement(sql).iterate(...q.params) as Iterable<Row>) {
      if (left <= 0) return;
      const doc = decodeDoc<T>(row.doc);
      if (!exact && !matchesAll(doc, q.residual)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      left--;
      yield [row, doc];
    }
  }

  private first(filter: Filter): T | null {
    const q = translateFilter(filter, this.columns);
    if (q.residual.length === 0) {
      // SQL decides the whole filter: get() steps once, without the iterator and generator of rows().
      const row = this.sdb.statement(`SELECT doc FROM ${this.table} WHERE ${q.where} LIMIT 1`).get(...q.params) as { doc: string } | undefined;
      return row ? decodeDoc<T>(row.doc) : null;
    }
    for (const [, doc] of this.rows(filter, { limit: 1 })) return doc;
    return null;
  }

  async findOne(filter: Filter): Promise<T | null> {
    return await this.read(() => this.first(filter));
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return await this.read(() => [...this.rows(filter, options)].map(([, doc]) => doc));
  }

  async countDocuments(filter: Filter): Promise<number> {
    return await this.read(() => {
      const q: SqlFilter = translateFilter(filter, this.columns);
      if (q.residual.length > 0) return [...this.rows(filter)].length;
      return (this.sdb.statement(`SELECT count(*) AS n FROM ${this.table} WHERE ${q.where}`).get(...q.params) as { n: number }).n;
    });
  }

  /** The conditional write: find the first match, apply the update, write it back, in one call. */
  private modify(filter: Filter, update: Update, upsert: boolean): Promise<{ doc: T | null; upserted: boolean }> {
    return this.call(() => {
      const doc = this.first(filter);
      if (doc) {
        applyUpdate(doc as unknown as Record<string, unknown>, update);
        const touched = touchedColumns(this.columns, update);
        const values = columnValues(doc, touched);
        const columns = assignments(touched, '?1', values && 3);
        this.sdb.statement(`UPDATE ${this.table} SET doc = ?1${columns} WHERE id = ?2`).run(encodeDoc(doc), doc._id, ...(values ?? []));
        return { doc, upserted: false };
      }
      if (!upsert) return { doc: null, upserted: false };
      const made = seedFromFilter(filter) as unknown as T;
      applyUpdate(made as unknown as Record<string, unknown>, update);
      if (made._id === undefined) made._id = randomUUID();
      this.insertRow(made);
      return { doc: made, upserted: true };
    });
  }

  /**
   * An update SQL decides and applies whole (sql-update.ts) is one statement on the first match, and the
   * document is never read into JavaScript; undefined when the filter or the update needs the JS path.
   */
  private modifyInSql(filter: Filter, update: Update): Promise<number> | undefined {
    const u = translateUpdate(update);
    if (!u) return undefined;
    const q = translateFilter(filter, this.columns);
    if (q.residual.length > 0) return undefined;
    const columns = setAssignments(touchedColumns(this.columns, update), u.values);
    if (!columns) return undefined;
    const sql = `UPDATE ${this.table} SET doc = ${u.expression}${columns.sql} WHERE id = (SELECT id FROM ${this.table} WHERE ${q.where} LIMIT 1)`;
    return this.call(() => Number(this.sdb.statement(sql).run(...u.params, ...columns.params, ...q.params).changes));
  }

  async updateOne(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    const inSql = options.upsert ? undefined : this.modifyInSql(filter, update);
    if (inSql) return { matched: await inSql, upserted: false };
    const r = await this.modify(filter, update, options.upsert ?? false);
    return { matched: r.doc && !r.upserted ? 1 : 0, upserted: r.upserted };
  }

  async findOneAndUpdate(filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<T | null> {
    return (await this.modify(filter, update, options.upsert ?? false)).doc;
  }

  private remove(filter: Filter, limit: number): number {
    const q = translateFilter(filter, this.columns);
    if (q.residual.length === 0) {
      const bounded = Number.isFinite(limit) ? ` LIMIT ${limit}` : '';
      const sql = `DELETE FROM ${this.table} WHERE id IN (SELECT id FROM ${this.table} WHERE ${q.where}${bounded})`;
      return Number(this.sdb.statement(sql).run(...q.params).changes);
    }
    const ids = [...this.rows(filter, Number.isFinite(limit) ? { limit } : {})].map(([row]) => row.id);
    const del = this.sdb.statement(`DELETE FROM ${this.table} WHERE id = ?`);
    return ids.reduce((n, id) => n + Number(del.run(id).changes), 0);
  }

  async deleteOne(filter: Filter): Promise<number> {
    return await this.call(() => this.remove(filter, 1));
  }

  async deleteMany(filter: Filter): Promise<number> {
    return await this.call(() => this.remove(filter, Infinity));
  }

  /**
   * An index on the fields' columns (index-columns.ts), which the filters above use as they are. Sparse
   * makes it partial (only documents that carry a value); a unique index never counts a missing or null
   * value as taken (SQLite's NULLs are distinct), as if it were sparse too.
   */
  async createIndex(keys: IndexKeys, options: IndexOptions = {}): Promise<void> {
    const spec: Record<string, 1 | -1> = typeof keys === 'string' ? { [keys]: 1 } : keys;
    const fields = Object.keys(spec);
    const ttl = options.expireAfterSeconds;
    if (ttl !== undefined && fields.length !== 1) throw new Error(`a TTL index is on one field (${this.name})`);
    const name = `ix_${this.name}_${fields.join('_').replace(/[^A-Za-z0-9_-]/g, '_')}${options.unique ? '_u' : ''}${options.sparse ? '_s' : ''}`;
    await this.call(() => {
      const db = this.sdb.db;
      if (addColumns(db, this.table, this.columns, fields)) this.prepareInserts();
      dropExpressionIndex(db, name);
      const columns = fields.map((f) => `${fieldSql(f, this.columns)}${spec[f]! < 0 ? ' DESC' : ''}`).join(', ');
      const partial = options.sparse ? ` WHERE ${fields.map((f) => `${fieldSql(f, this.columns)} IS NOT NULL`).join(' OR ')}` : '';
      db.exec(`CREATE ${options.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${this.table} (${columns})${partial}`);
    });
    if (ttl !== undefined) this.ttl.set(fields[0]!, ttl);
  }

  /** Deletes what every TTL index says has expired: Dates only (numbers and null stay), as MongoDB. */
  sweepExpired(now = Date.now()): number {
    let removed = 0;
    for (const [field, seconds] of this.ttl) {
      const e = fieldSql(field, this.columns);
      const cutoff = encodeDate(new Date(now - seconds * 1000)) as SqlParam;
      removed += Number(this.sdb.statement(`DELETE FROM ${this.table} WHERE ${e} >= ? AND ${e} < ?`).run(DATE_LOWEST, cutoff).changes);
    }
    return removed;
  }
}
