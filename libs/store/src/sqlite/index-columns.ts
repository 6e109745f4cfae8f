import type { DatabaseSync } from 'node:sqlite';
import type { Update } from '../collection.js';
import { columnName, jsonPath } from './field-sql.js';

/**
 * An indexed field lives in a column of its own next to the document, `"f.<field>"`, always equal to
 * json_extract(doc, path), and the index is on that column. An index on the json_extract expression
 * itself is rewritten by every UPDATE of `doc`, whether or not the field changed: SQLite chooses the
 * indexes an UPDATE touches by the columns it assigns, not by the values. That was one B-tree page more
 * in the log per index and per write (4 pages instead of 1 for an update of an unindexed field with
 * three indexes, and twice the CPU, on a table larger than the cache). Now an INSERT fills every column
 * and an UPDATE assigns only the columns of the fields its operators name, so only their indexes move.
 * Every write of `doc` goes through insertSql or assignments(): a column is never left behind. Where the
 * values are certain (column-values.ts) they are bound from the document instead of read from its text.
 */

const PREFIX = 'f.';

/** The indexed fields that have a column in a table, as the database says (so a restart knows them). */
export function readColumns(db: DatabaseSync, table: string): Set<string> {
  const rows = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
  return new Set(
    rows
      .map((r) => r.name)
      .filter((n) => n.startsWith(PREFIX))
      .map((n) => n.slice(PREFIX.length)),
  );
}

/**
 * The INSERT of a document (`?1` id, `?2` its text): each column computed by SQLite from the text itself,
 * or, `bound`, given as `?3`, `?4`… in the order of `columns` (column-values.ts).
 */
export function insertSql(quotedTable: string, columns: ReadonlySet<string>, verb = 'INSERT', bound = false): string {
  const fields = [...columns];
  const names = fields.map((f) => `, ${columnName(f)}`).join('');
  const values = fields.map((f, i) => (bound ? `, ?${i + 3}` : `, json_extract(?2, '${jsonPath(f)}')`)).join('');
  return `${verb} INTO ${quotedTable} (id, doc${names}) VALUES (?1, ?2${values})`;
}

/**
 * The columns an update may change: those of the fields its operators name, of a field inside one
 * (`$set: {a: …}` with a column for `a.b`) or around one (`$set: {'a.b': …}` with a column for `a`).
 */
export function touchedColumns(columns: ReadonlySet<string>, update: Update): string[] {
  if (columns.size === 0) return [];
  const touched: string[] = [];
  for (const column of columns) {
    for (const fields of Object.values(update)) {
      if (fields === null || typeof fields !== 'object') continue;
      if (Object.keys(fields).some((f) => f === column || column.startsWith(`${f}.`) || f.startsWith(`${column}.`))) {
        touched.push(column);
        break;
      }
    }
  }
  return touched;
}

/**
 * `, "f.a" = json_extract(<doc>, '$."a"')…`: the columns recomputed from the new document's text; with
 * `firstParam`, `, "f.a" = ?<firstParam>…`, their values bound in the order of `fields` (column-values.ts).
 */
export function assignments(fields: readonly string[], doc: string, firstParam?: number): string {
  return fields.map((f, i) => `, ${columnName(f)} = ${firstParam === undefined ? `json_extract(${doc}, '${jsonPath(f)}')` : `?${firstParam + i}`}`).join('');
}

/**
 * The same for an update SQLite applies to the text itself (sql-update.ts), whose SET reads the old row:
 * each column takes the JSON text its field is set to, or NULL where the field is removed. Undefined when a
 * column is inside or around a field the update sets (`a.b` when `a` is set): the JS path recomputes it.
 */
export function setAssignments(fields: readonly string[], values: ReadonlyMap<string, string | undefined>): { sql: string; params: string[] } | undefined {
  let sql = '';
  const params: string[] = [];
  for (const field of fields) {
    if (!values.has(field)) return undefined;
    const text = values.get(field);
    sql += `, ${columnName(field)} = ${text === undefined ? 'NULL' : `json_extract(?, '$')`}`;
    if (text !== undefined) params.push(text);
  }
  return { sql, params };
}

/** Gives each of `fields` (but `_id`) its column in the table if it has none, filled from every stored document; true if one was added. */
export function addColumns(db: DatabaseSync, quotedTable: string, columns: Set<string>, fields: readonly string[]): boolean {
  const missing = fields.filter((f) => f !== '_id' && !columns.has(f));
  for (const field of missing) {
    const column = columnName(field);
    db.exec(`ALTER TABLE ${quotedTable} ADD COLUMN ${column}`);
    db.exec(`UPDATE ${quotedTable} SET ${column} = json_extract(doc, '${jsonPath(field)}')`);
    columns.add(field);
  }
  return missing.length > 0;
}

/** Drops an index an earlier version built on json_extract expressions, so its name can be built again on the columns. */
export function dropExpressionIndex(db: DatabaseSync, name: string): void {
  const row = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`).get(name) as { sql: string | null } | undefined;
  if (row?.sql?.includes('json_extract(')) db.exec(`DROP INDEX "${name}"`);
}
