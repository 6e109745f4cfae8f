import type { Filter, Update } from '../collection.js';
import { deepEqual, getPath, matchesAll, matchesCondition } from './match.js';

/** MongoDB's update operators that the services use, applied in place to a decoded document. */
export function applyUpdate(doc: Record<string, unknown>, update: Update): void {
  const ops = Object.entries(update);
  if (ops.length === 0 || ops.some(([op]) => !op.startsWith('$'))) throw new Error('an update needs $ operators (no replacement)');
  for (const [op, fields] of ops) {
    for (const [field, arg] of Object.entries(fields as Record<string, unknown>)) {
      if (field === '_id') throw new Error('_id cannot change');
      apply(doc, op, field, arg);
    }
  }
}

function parentOf(doc: Record<string, unknown>, field: string, create: boolean): [Record<string, unknown> | null, string] {
  const parts = field.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    let next = node[part];
    if (next === undefined && create) node[part] = next = {};
    if (next === null || typeof next !== 'object') {
      if (create) throw new Error(`cannot set ${field}: ${part} is not a document`);
      return [null, ''];
    }
    node = next as Record<string, unknown>;
  }
  return [node, parts[parts.length - 1]!];
}

function set(doc: Record<string, unknown>, field: string, value: unknown): void {
  const [parent, key] = parentOf(doc, field, true);
  parent![key] = value;
}

function apply(doc: Record<string, unknown>, op: string, field: string, arg: unknown): void {
  const current = getPath(doc, field);
  switch (op) {
    case '$set':
      return set(doc, field, arg);
    case '$unset': {
      const [parent, key] = parentOf(doc, field, false);
      if (parent) delete parent[key];
      return;
    }
    case '$inc':
      if (current !== undefined && typeof current !== 'number') throw new Error(`$inc on a non-number: ${field}`);
      return set(doc, field, ((current as number | undefined) ?? 0) + (arg as number));
    case '$max':
    case '$min': {
      const later = current === undefined || current === null || compareValues(arg, current) * (op === '$max' ? 1 : -1) > 0;
      if (later) set(doc, field, arg);
      return;
    }
    case '$push': {
      if (current !== undefined && !Array.isArray(current)) throw new Error(`$push on a non-array: ${field}`);
      const each = arg !== null && typeof arg === 'object' && '$each' in arg ? (arg as { $each: unknown[] }).$each : [arg];
      return set(doc, field, [...((current as unknown[] | undefined) ?? []), ...each]);
    }
    case '$pull':
      if (Array.isArray(current))
        set(
          doc,
          field,
          current.filter((el) => !pulls(el, arg)),
        );
      return;
    default:
      throw new Error(`unsupported update operator: ${op}`);
  }
}

/** $pull's condition: a value, an operator object on the element, or a query on element documents. */
function pulls(element: unknown, cond: unknown): boolean {
  if (cond === null || typeof cond !== 'object' || cond instanceof Date || Array.isArray(cond)) return deepEqual(element, cond);
  if (Object.keys(cond).some((k) => k.startsWith('$'))) return matchesCondition(element, cond);
  return element !== null && typeof element === 'object' && matchesAll(element, Object.entries(cond));
}

function compareValues(a: unknown, b: unknown): number {
  const x = a instanceof Date ? a.getTime() : a;
  const y = b instanceof Date ? b.getTime() : b;
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}

/** An upsert's new document starts from the filter's plain equalities, as in MongoDB. */
export function seedFromFilter(filter: Filter): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [field, cond] of Object.entries(filter)) {
    const isOperator =
      cond !== null && typeof cond === 'object' && !(cond instanceof Date) && !Array.isArray(cond) && Object.keys(cond).some((k) => k.startsWith('$'));
    if (isOperator || field.includes('.')) continue;
    doc[field] = cond;
  }
  return doc;
}
