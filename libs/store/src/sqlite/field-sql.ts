/**
 * The SQL expression of a document field: the `id` column for `_id`, the field's own column where an
 * index gave it one (index-columns.ts), else json_extract on a quoted path.
 */
export function fieldSql(field: string, columns: ReadonlySet<string> = NO_COLUMNS): string {
  if (field === '_id') return 'id';
  if (columns.has(field)) return columnName(field);
  return `json_extract(doc, '${jsonPath(field)}')`;
}

const NO_COLUMNS: ReadonlySet<string> = new Set();

/** The column that holds an indexed field's value: `"f.<field>"`, the field checked by jsonPath. */
export function columnName(field: string): string {
  jsonPath(field);
  return `"f.${field}"`;
}

/**
 * Paths already checked and quoted: every call translates its filter again. Top-level fields are the
 * services' own and few; nested paths include per-order keys such as `countedOrders.<id>`, which filled
 * one shared cache in a thousand orders and, cleared, made every field be quoted again (0.5 % of the
 * services' thread in the benchmark). Each kind has its own bound.
 */
const fields = new Map<string, string>();
const nestedFields = new Map<string, string>();

/** `a.b` → `$."a"."b"`: quoted members, so keys such as order ids need no escaping rules of their own. */
export function jsonPath(field: string): string {
  const cache = field.includes('.') ? nestedFields : fields;
  let path = cache.get(field);
  if (path === undefined) {
    path = quotePath(field);
    if (cache.size >= 1000) cache.clear();
    cache.set(field, path);
  }
  return path;
}

function quotePath(field: string): string {
  const parts = field.split('.');
  for (const part of parts) {
    // Field names are the services' own (or ids they generate); a quote could end the SQL literal.
    if (part === '' || /["'\\]/.test(part) || part.startsWith('$')) throw new Error(`unsupported field name: ${field}`);
  }
  return `$.${parts.map((p) => `"${p}"`).join('.')}`;
}

export function quoteIdent(name: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`unsupported collection or index name: ${name}`);
  return `"${name}"`;
}

/** A collection's table: its id, and the document as JSON text (json-codec.ts). */
export function createTableSql(collection: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(`c_${collection}`)} (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`;
}
