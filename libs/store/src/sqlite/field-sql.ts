/** The SQL expression of a document field: the `id` column for `_id`, else json_extract on a quoted path. */
export function fieldSql(field: string): string {
  if (field === '_id') return 'id';
  return `json_extract(doc, '${jsonPath(field)}')`;
}

/** `a.b` → `$."a"."b"`: quoted members, so keys such as order ids need no escaping rules of their own. */
export function jsonPath(field: string): string {
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
