import type { Filter } from '../collection.js';
import { DATE_BEYOND, DATE_LOWEST, encodeScalar } from './json-codec.js';
import { documentEquality } from './document-equality.js';
import { fieldSql, jsonPath } from './field-sql.js';

/**
 * A filter as a SQL WHERE clause over indexable expressions, plus what SQL does not decide (`residual`,
 * checked in JavaScript on the decoded document). What is translated is exact; arrays and documents are
 * compared as JSON text (document-equality.ts), and the residual holds what that text cannot compare
 * exactly, $ne and $size. Equality with a scalar compares scalars: unlike MongoDB it does not look inside
 * an array (no service queries an array that way).
 */
export interface SqlFilter {
  where: string;
  params: SqlParam[];
  residual: [string, unknown][];
}
export type SqlParam = string | number | null;

const RANGE: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };
const KNOWN = new Set(['$gt', '$gte', '$lt', '$lte', '$in', '$ne', '$exists', '$size']);

const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) && Object.keys(v).some((k) => k.startsWith('$'));

const isPlainScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || v instanceof Date;

/** `columns`: the fields with a column of their own (index-columns.ts), compared there so their index serves. */
export function translateFilter(filter: Filter, columns?: ReadonlySet<string>): SqlFilter {
  const terms: string[] = [];
  const params: SqlParam[] = [];
  const residual: [string, unknown][] = [];
  for (const [field, cond] of Object.entries(filter)) {
    if (field.startsWith('$')) throw new Error(`unsupported query operator: ${field}`);
    const e = fieldSql(field, columns);
    if (!isOperatorObject(cond)) {
      // A nested path with a column of its own is compared there, by equality(), for its index.
      const nested = !(columns?.has(field) ?? false) && nestedEquality(field, cond, terms, params);
      if (!nested && !equality(field, e, cond, terms, params) && !documentEquality(field, cond, terms, params)) residual.push([field, cond]);
      continue;
    }
    for (const [op, value] of Object.entries(cond)) {
      if (!KNOWN.has(op)) throw new Error(`unsupported query operator: ${op}`);
      if (RANGE[op] && range(e, RANGE[op], value, field === '_id', terms, params)) continue;
      if (op === '$in' && Array.isArray(value) && inList(e, value, terms, params)) continue;
      if (op === '$exists') {
        if (field === '_id') {
          if (!value) terms.push('0');
        } else if (field.includes('.')) {
          terms.push(`json_type(doc, ?) IS ${value ? 'NOT NULL' : 'NULL'}`);
          params.push(jsonPath(field));
        } else {
          terms.push(`json_type(doc, '${jsonPath(field)}') IS ${value ? 'NOT NULL' : 'NULL'}`);
        }
        continue;
      }
      residual.push([field, { [op]: value }]);
    }
  }
  return { where: terms.length ? terms.join(' AND ') : '1', params, residual };
}

/**
 * A nested path (`countedOrders.<order id>`, `lastError.jobId`) as a bound parameter: one prepared
 * statement serves every id, where a path written into the SQL made a statement per order. Indexes are
 * on top-level fields, which stay written in (an index matches only the expression it was built on).
 */
function nestedEquality(field: string, value: unknown, terms: string[], params: SqlParam[]): boolean {
  if (!field.includes('.') || !(value === null || typeof value === 'string' || value instanceof Date)) return false;
  terms.push(value === null ? 'json_extract(doc, ?) IS NULL' : 'json_extract(doc, ?) = ?');
  params.push(jsonPath(field));
  if (value !== null) params.push(encodeScalar(value) as SqlParam);
  return true;
}

function equality(field: string, e: string, value: unknown, terms: string[], params: SqlParam[]): boolean {
  if (value === null || value === undefined) {
    terms.push(`${e} IS NULL`);
    return true;
  }
  if (typeof value === 'boolean') {
    terms.push(`json_type(doc, '${jsonPath(field)}') = '${value}'`);
    return true;
  }
  if (!isPlainScalar(value)) return false;
  terms.push(`${e} = ?`);
  params.push(encodeScalar(value) as SqlParam);
  // JSON true and false read back as 1 and 0: a number matches only a number.
  if (typeof value === 'number') terms.push(`json_type(doc, '${jsonPath(field)}') IN ('integer', 'real')`);
  return true;
}

/** SQLite orders numbers before text, and our Dates are a band of text: each range stays in its type. */
function range(e: string, op: string, value: unknown, isId: boolean, terms: string[], params: SqlParam[]): boolean {
  const upward = op[0] === '>';
  if (typeof value === 'number') {
    terms.push(upward ? `${e} ${op} ? AND ${e} < ''` : `${e} ${op} ?`);
  } else if (value instanceof Date) {
    terms.push(upward ? `${e} ${op} ? AND ${e} < '${DATE_BEYOND}'` : `${e} ${op} ? AND ${e} >= '${DATE_LOWEST}'`);
  } else if (typeof value === 'string') {
    terms.push(upward || isId ? `${e} ${op} ?` : `${e} ${op} ? AND ${e} >= '${DATE_BEYOND}'`);
  } else {
    return false;
  }
  params.push(encodeScalar(value) as SqlParam);
  return true;
}

function inList(e: string, values: unknown[], terms: string[], params: SqlParam[]): boolean {
  const scalars = values.filter((v) => v !== null && v !== undefined);
  if (!scalars.every((v) => typeof v === 'string' || v instanceof Date)) return false;
  const hasNull = scalars.length < values.length;
  const list = scalars.length ? `${e} IN (${scalars.map(() => '?').join(', ')})` : '0';
  terms.push(hasNull ? `(${list} OR ${e} IS NULL)` : list);
  for (const v of scalars) params.push(encodeScalar(v) as SqlParam);
  return true;
}
