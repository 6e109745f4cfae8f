import { jsonPath } from './field-sql.js';
import type { SqlParam } from './filter-sql.js';
import { encodeJson } from './json-codec.js';

/**
 * Equality with an array or an embedded document, decided by SQL: MongoDB matches the field's whole
 * value or, when the field is an array, one of its elements, keys in the same order. Compared as JSON
 * text, which is exact here because every stored document is JSON.stringify's text of the encoded
 * document (json-codec.ts; sql-update.ts writes values with the same encoder) and SQLite gives an
 * extracted array or object back in the text it was written in. Values JSON would change or drop
 * (undefined, NaN, a class instance) are not translated: the residual checks them on the decoded
 * document. Top-level fields only: a dotted path crosses arrays in MongoDB, which a JSON path does not.
 */
export function documentEquality(field: string, value: unknown, terms: string[], params: SqlParam[]): boolean {
  if (field === '_id' || field.includes('.') || value === null || typeof value !== 'object' || value instanceof Date || !isPlainJson(value)) return false;
  const path = jsonPath(field);
  const type = Array.isArray(value) ? 'array' : 'object';
  const text = encodeJson(value)!;
  terms.push(
    `((json_type(doc, '${path}') = '${type}' AND json_extract(doc, '${path}') = ?) OR ` +
      `(json_type(doc, '${path}') = 'array' AND EXISTS (SELECT 1 FROM json_each(doc, '${path}') AS e WHERE e.type = '${type}' AND e.value = ?)))`,
  );
  params.push(text, text);
  return true;
}

/** Only what JSON writes back as it was: null, booleans, finite numbers, strings, valid Dates, dense arrays, plain objects. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i])) return false;
    return true;
  }
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value)) if (!isPlainJson((value as Record<string, unknown>)[key])) return false;
  return true;
}
