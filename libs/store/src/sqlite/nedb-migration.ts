import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { ServiceDatabase } from './database.js';
import { createTableSql, quoteIdent } from './field-sql.js';
import { insertSql, readColumns } from './index-columns.js';
import { encodeDoc } from './json-codec.js';

/** The suffix an imported nedb datafile is renamed to: kept, never deleted, never read again. */
export const MIGRATED_SUFFIX = '.migrated-to-sqlite';
/** nedb refuses a datafile with more than 10 % unreadable lines; so does the import. */
const CORRUPT_THRESHOLD = 0.1;

/** nedb writes a Date as {"$$date": ms}; nothing else in a document has that one key. */
function reviveDates(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(reviveDates);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === '$$date' && typeof obj.$$date === 'number') return new Date(obj.$$date);
  for (const key of keys) obj[key] = reviveDates(obj[key]);
  return obj;
}

/**
 * nedb's datafile is an append log: one JSON document a line, a later line for the same _id replaces
 * the earlier, `{"$$deleted":true,"_id":…}` removes it, `$$indexCreated`/`$$indexRemoved` lines describe
 * indexes (the services declare theirs again at start). A torn last line from a crash is skipped.
 */
export function readNedbFile(filename: string): Map<string, Record<string, unknown>> {
  const docs = new Map<string, Record<string, unknown>>();
  const text = readFileSync(filename, 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  // Every append ends with a newline: a last line without one is a write the crash cut short (never
  // acknowledged), not damage.
  const torn = !text.endsWith('\n') && lines.length > 0 ? lines.pop() : undefined;
  let corrupt = 0;
  for (const line of [...lines, ...(torn !== undefined ? [torn] : [])]) {
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(line) as Record<string, unknown>;
    } catch {
      if (line !== torn) corrupt++;
      continue;
    }
    if ('$$indexCreated' in doc || '$$indexRemoved' in doc) continue;
    if (typeof doc._id !== 'string') {
      corrupt++;
      continue;
    }
    if (doc.$$deleted === true) docs.delete(doc._id);
    else docs.set(doc._id, reviveDates(doc) as Record<string, unknown>);
  }
  if (lines.length > 0 && corrupt / lines.length > CORRUPT_THRESHOLD) {
    throw new Error(`${filename}: ${corrupt} of ${lines.length} lines unreadable; not imported (fix or move the file)`);
  }
  return docs;
}

/**
 * Imports `<dir>/<collection>.db` (nedb's files of one service) into the service's SQLite database,
 * each collection in one transaction that also records it as imported, then renames the file aside. A
 * crash between the two leaves the record, so a restart only renames. Answers what was imported.
 */
export function migrateNedbDir(database: ServiceDatabase, dir: string): Record<string, number> {
  const imported: Record<string, number> = {};
  if (!existsSync(dir)) return imported;
  const files = readdirSync(dir).filter((f) => f.endsWith('.db'));
  if (files.length === 0) return imported;
  const db = database.db;
  db.exec('CREATE TABLE IF NOT EXISTS lumira_migrations (name TEXT PRIMARY KEY NOT NULL, at TEXT NOT NULL)');
  for (const file of files) {
    const collection = file.slice(0, -'.db'.length);
    const marker = `nedb:${collection}`;
    const filename = path.join(dir, file);
    if (!db.prepare('SELECT 1 FROM lumira_migrations WHERE name = ?').get(marker)) {
      const docs = readNedbFile(filename);
      const table = quoteIdent(`c_${collection}`);
      database.transaction(() => {
        db.exec(createTableSql(collection));
        const insert = db.prepare(insertSql(table, readColumns(db, `c_${collection}`), 'INSERT OR REPLACE'));
        for (const [id, doc] of docs) insert.run(id, encodeDoc(doc));
        db.prepare('INSERT INTO lumira_migrations (name, at) VALUES (?, ?)').run(marker, new Date().toISOString());
      });
      imported[collection] = docs.size;
    }
    renameSync(filename, filename + MIGRATED_SUFFIX);
  }
  return imported;
}
