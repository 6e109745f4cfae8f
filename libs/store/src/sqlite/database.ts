import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

/**
 * NORMAL: a commit is in the write-ahead log before the call returns, so a process crash (kill -9) loses
 * nothing acknowledged; a power cut or OS crash may lose the last commits (never corrupts). FULL also
 * fsyncs the log at every commit: it survives power loss, at the cost of one fsync per write.
 */
export type SyncMode = 'NORMAL' | 'FULL';

/** One service's database: a file under DATA_DIR, its statements prepared once and reused. */
export class ServiceDatabase {
  readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(readonly filename: string, sync: SyncMode) {
    mkdirSync(path.dirname(filename), { recursive: true });
    this.db = new DatabaseSync(filename, { timeout: 5000 });
    this.db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${sync};`);
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

  /** Runs `work` as one transaction that takes the write lock at once (no upgrade deadlock). */
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
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }
}
