import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { performance } from 'node:perf_hooks';

/**
 * NORMAL: a commit is in the write-ahead log before the call returns, so a process crash (kill -9) loses
 * nothing acknowledged; a power cut or OS crash may lose the last commits (never corrupts). FULL also
 * fsyncs the log at every commit: it survives power loss, at the cost of one fsync per write.
 */
export type SyncMode = 'NORMAL' | 'FULL';

/**
 * Commit delay, as PostgreSQL's commit_delay with commit_siblings: after a commit that carried calls of
 * more than one writer, the next group stays open until COMMIT_SPACING_MS have passed since it and takes
 * the calls of the turns in between: fewer commits, each carrying more. In the benchmark's webhook round
 * (3,000 orders): 1,500–1,700 commits committing at every turn, about 1,400 with this delay (1,100–1,200
 * held after every commit), and in alternated runs 430–450 µs of CPU per order on the services' thread
 * against 447–460 without (no gain with a threshold of 4 calls). One writer that waits for each write
 * before the next (a sweep, a migration) makes groups of one call and is never delayed: each of its
 * groups is committed at the end of its turn.
 */
export const COMMIT_SPACING_MS = 2;
export const GROUPED_CALLS = 2;

interface Waiting {
  resolve(): void;
  reject(err: unknown): void;
}

/** One service's database: a file under DATA_DIR, its statements prepared once and reused. */
export class ServiceDatabase {
  readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  /** The calls of the open group commit, answered once it is committed. */
  private batch: Waiting[] | undefined;
  private lastCommitAt = -Infinity;
  private lastGroupCalls = 0;
  private commitTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly filename: string,
    sync: SyncMode,
    private readonly commitSpacingMs = COMMIT_SPACING_MS,
  ) {
    mkdirSync(path.dirname(filename), { recursive: true });
    this.db = new DatabaseSync(filename, { timeout: 5000 });
    // Exclusive locking, set before WAL is first used: the file lock is taken once and held until close,
    // and the WAL index lives in this process's heap instead of a shared-memory file. Every BEGIN and
    // COMMIT then skips the lock and shared-memory system calls (BEGIN IMMEDIATE 21 → 8 µs, COMMIT
    // 106 → 68 µs in the benchmark). One process owns a service's file at a time, which the in-process
    // bus needs anyway (its sequence numbers are counted in memory); a second opener waits, then fails.
    // A 1 MiB page cache per database (SQLite's default is 2 MiB): one process holds a database per service
    // and one for the bus, and the cache is the part of the resident size that fills as the data grows
    // (bench:stores' 100,000 orders: +2 MB less at the end, the same CPU per order).
    this.db.exec(`PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = ${sync}; PRAGMA cache_size = -1024;`);
  }

  statement(sql: string): StatementSync {
    let s = this.statements.get(sql);
    if (!s) {
      // Filters with $in lists of many lengths make many shapes; keep the cache bounded.
      if (this.statements.size > 1000) this.statements.clear();
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * Group commit. The calls made in one turn of the event loop run at once, inside one transaction
   * committed when the turn ends (after a group of several writers, once COMMIT_SPACING_MS have passed
   * since it); each call is answered only after that commit, reads that join the group too (read()), so
   * nothing is acknowledged or seen outside before it is in the log. One commit writes a page that several
   * calls changed once, not once each. A call writes with one statement (SQLite undoes a failed statement on
   * its own) or, for insertMany, with several of which the interface promises nothing on a failure.
   */
  run<R>(work: () => R): Promise<R> {
    if (!this.batch) {
      this.statement('BEGIN IMMEDIATE').run();
      this.batch = [];
      const wait = this.lastGroupCalls >= GROUPED_CALLS ? this.lastCommitAt + this.commitSpacingMs - performance.now() : 0;
      if (wait > 0) this.commitTimer = setTimeout(() => this.commit(), wait);
      else setImmediate(() => this.commit());
    }
    let result: R;
    try {
      result = work();
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return new Promise<R>((resolve, reject) => this.batch!.push({ resolve: () => resolve(result), reject }));
  }

  /**
   * A call that only reads. With a group open in this turn it joins it (it may see the group's writes,
   * which must not be told before they are committed). Otherwise everything it can see is committed
   * already: it runs on its own, without BEGIN and COMMIT, and is answered at once.
   */
  read<R>(work: () => R): Promise<R> {
    if (this.batch) return this.run(work);
    try {
      return Promise.resolve(work());
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  /** Commits the open group; when the commit fails, none of its calls took effect and all are told. */
  commit(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    clearTimeout(this.commitTimer);
    try {
      this.statement('COMMIT').run();
      this.lastCommitAt = performance.now();
      this.lastGroupCalls = batch.length;
    } catch (err) {
      if (this.db.isTransaction) this.statement('ROLLBACK').run();
      for (const w of batch) w.reject(err);
      return;
    }
    for (const w of batch) w.resolve();
  }

  /** Runs `work` as one transaction of its own (the nedb import, before any call). */
  transaction<R>(work: () => R): R {
    this.statement('BEGIN IMMEDIATE').run();
    try {
      const result = work();
      this.statement('COMMIT').run();
      return result;
    } catch (err) {
      if (this.db.isTransaction) this.statement('ROLLBACK').run();
      throw err;
    }
  }

  close(): void {
    this.commit();
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }
}
