import type { Update } from '../collection.js';
import { jsonPath } from './field-sql.js';
import type { SqlParam } from './filter-sql.js';
import { DATE_BEYOND, DATE_LOWEST, encodeDate, encodeJson } from './json-codec.js';

export interface SqlUpdate {
  /** The new document, as an expression over the column `doc`. */
  expression: string;
  params: SqlParam[];
  /**
   * What the stored document must be for the expression to be the update (a number under $inc, an array
   * under $push, a document or nothing above a dotted path): when it is false, the JavaScript path applies
   * the update to the same document and reports MongoDB's error. 'TRUE' when nothing is to be checked.
   */
  guard: string;
  guardParams: SqlParam[];
  /** Each field $set or $unset, with the JSON text it gets, undefined where it is removed. */
  values: Map<string, string | undefined>;
}

/** A part of a path written as it is; anything else (`_id`, `$x`, quotes, array indexes, prototype names) is applied in JavaScript. */
const PLAIN_PART = /^(?!\d+$)[A-Za-z0-9_][A-Za-z0-9_-]*$/;
const PROTOTYPE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const plain = (field: string) => field !== '_id' && field.split('.').every((p) => PLAIN_PART.test(p) && !PROTOTYPE_NAMES.has(p));
/** The integers a double holds exactly: an $inc whose result leaves them is applied in JavaScript. */
const SAFE = Number.MAX_SAFE_INTEGER;

interface Builder {
  expression: string;
  params: SqlParam[];
  guards: string[];
  guardParams: SqlParam[];
  values: Map<string, string | undefined>;
  /** Every field named so far, whatever the operator. */
  fields: Set<string>;
}

/**
 * A path is a parameter, never part of the statement's text: a field such as `countedOrders.<orderId>`
 * would otherwise make a new statement per order, prepared each time and crowding the statement cache.
 * Each helper pushes its parameters in the order its `?` appear in the text it returns.
 */
function at(params: SqlParam[], field: string, suffix = ''): string {
  params.push(jsonPath(field) + suffix);
  return '?';
}
const valueAt = (params: SqlParam[], field: string) => `json_extract(doc, ${at(params, field)})`;
const typeAt = (params: SqlParam[], field: string) => `json_type(doc, ${at(params, field)})`;

/** Each document above a dotted field must be a document or absent (JavaScript creates it; a scalar there is an error). */
function parentsAreDocuments(b: Builder, field: string): void {
  const parts = field.split('.');
  for (let i = 1; i < parts.length; i++) b.guards.push(`coalesce(${typeAt(b.guardParams, parts.slice(0, i).join('.'))}, 'object') = 'object'`);
}

/** `json_set(<expression>, ?, <value>, …)` (or another editing function) around what is built so far. */
function wrap(b: Builder, fn: string, args: string[], params: SqlParam[]): void {
  b.expression = `${fn}(${b.expression}, ${args.join(', ')})`;
  b.params.push(...params);
}

function setOrUnset(b: Builder, op: '$set' | '$unset', fields: Record<string, unknown>): boolean {
  const removed: string[] = [];
  const removedParams: SqlParam[] = [];
  const set: string[] = [];
  const setParams: SqlParam[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const text = op === '$set' ? encodeJson(value) : undefined;
    if (op === '$set' && text === undefined && value !== undefined) return false;
    b.values.set(field, text);
    // $set to undefined leaves no member, as the encoder drops it from a document.
    if (text === undefined) removed.push(at(removedParams, field));
    else {
      set.push(`${at(setParams, field)}, json(?)`);
      setParams.push(text);
      parentsAreDocuments(b, field);
    }
  }
  if (removed.length > 0) wrap(b, 'json_remove', removed, removedParams);
  if (set.length > 0) wrap(b, 'json_set', set, setParams);
  return true;
}

/** Integers only: SQLite's integer sum is then the double JavaScript computes, written as JavaScript writes it. */
function inc(b: Builder, fields: Record<string, unknown>): boolean {
  const set: string[] = [];
  const params: SqlParam[] = [];
  for (const [field, by] of Object.entries(fields)) {
    if (typeof by !== 'number' || !Number.isSafeInteger(by)) return false;
    set.push(`${at(params, field)}, coalesce(${valueAt(params, field)}, 0) + ?`);
    params.push(BigInt(by));
    b.guards.push(`coalesce(${typeAt(b.guardParams, field)}, 'integer') = 'integer'`);
    b.guards.push(`abs(coalesce(${valueAt(b.guardParams, field)}, 0) + ?) <= ${SAFE}`);
    b.guardParams.push(BigInt(by));
    parentsAreDocuments(b, field);
  }
  wrap(b, 'json_set', set, params);
  return true;
}

/** `$push: {f: v}` or `{f: {$each: [...]}}` (nothing else): appended in order, the array made when absent. */
function push(b: Builder, fields: Record<string, unknown>): boolean {
  const appended: string[] = [];
  const params: SqlParam[] = [];
  for (const [field, arg] of Object.entries(fields)) {
    const each = arg !== null && typeof arg === 'object' && !Array.isArray(arg) && '$each' in arg ? (arg as { $each: unknown }).$each : [arg];
    if (arg !== null && typeof arg === 'object' && Object.keys(arg).some((k) => k.startsWith('$')) && Object.keys(arg).length !== 1) return false;
    // An empty $each still makes the array: left to JavaScript, as are elements JSON has no text for.
    if (!Array.isArray(each) || each.length === 0) return false;
    for (const element of each) {
      const text = encodeJson(element);
      if (text === undefined) return false;
      appended.push(`${at(params, field, '[#]')}, json(?)`);
      params.push(text);
    }
    b.guards.push(`coalesce(${typeAt(b.guardParams, field)}, 'array') = 'array'`);
    parentsAreDocuments(b, field);
  }
  wrap(b, 'json_insert', appended, params);
  return true;
}

/**
 * $max / $min of Dates, over a field that holds a Date or nothing: encoded Dates compare as the times do
 * (json-codec.ts), and only they lie between DATE_LOWEST and DATE_BEYOND (numbers sort before any text).
 */
function extreme(b: Builder, op: '$max' | '$min', fields: Record<string, unknown>): boolean {
  const set: string[] = [];
  const params: SqlParam[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const date = value instanceof Date ? encodeDate(value) : null;
    if (date === null) return false;
    const target = at(params, field);
    // A missing or null value compares as NULL: coalesce makes it "replace", as JavaScript does.
    const replaces = `coalesce(${valueAt(params, field)} ${op === '$max' ? '<' : '>'} ?, 1)`;
    params.push(date, encodeJson(value)!);
    set.push(`${target}, CASE WHEN ${replaces} THEN json(?) ELSE json_quote(${valueAt(params, field)}) END`);
    const g = b.guardParams;
    const low = `${valueAt(g, field)} >= ?`;
    g.push(DATE_LOWEST);
    const high = `${valueAt(g, field)} < ?`;
    g.push(DATE_BEYOND);
    b.guards.push(`coalesce(${low} AND ${high}, 1)`);
    parentsAreDocuments(b, field);
  }
  wrap(b, 'json_set', set, params);
  return true;
}

/**
 * An update SQLite applies to the stored text itself: $set, $unset, integer $inc, $push and Date $max/$min,
 * on plain (possibly dotted) fields. Values are written with the document encoder, so the text is the one
 * decoding, applying and encoding would have written, without the read, the parse and the stringify in
 * JavaScript; the operators nest in the update's order, so new fields are appended in the order
 * apply-update.ts appends them, as in MongoDB. Anything else answers undefined: apply-update.ts applies it
 * to the decoded document.
 */
export function translateUpdate(update: Update): SqlUpdate | undefined {
  const b: Builder = { expression: 'doc', params: [], guards: [], guardParams: [], values: new Map(), fields: new Set() };
  for (const [op, fields] of Object.entries(update)) {
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return undefined;
    const record = fields as Record<string, unknown>;
    for (const field of Object.keys(record)) {
      // One operator per path, none inside another: MongoDB refuses a conflict, which the JavaScript path reports.
      if (!plain(field) || [...b.fields].some((f) => f === field || f.startsWith(`${field}.`) || field.startsWith(`${f}.`))) return undefined;
      b.fields.add(field);
    }
    if (Object.keys(record).length === 0) return undefined;
    const done =
      op === '$set' || op === '$unset'
        ? setOrUnset(b, op, record)
        : op === '$inc'
          ? inc(b, record)
          : op === '$push'
            ? push(b, record)
            : op === '$max' || op === '$min'
              ? extreme(b, op, record)
              : false;
    if (!done) return undefined;
  }
  if (b.fields.size === 0) return undefined;
  const guard = b.guards.length > 0 ? b.guards.join(' AND ') : 'TRUE';
  return { expression: b.expression, params: b.params, guard, guardParams: b.guardParams, values: b.values };
}
