/**
 * The part of a query SQL does not decide (see filter-sql.ts), on a decoded document; also $pull's
 * condition on array elements. MongoDB's rules for the operators the services use.
 */
export function getPath(doc: unknown, field: string): unknown {
  let value = doc;
  for (const part of field.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  // Key order counts, as in MongoDB's comparison of embedded documents.
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Equality as MongoDB applies it to a field: the whole value, or one element of an array. */
function equals(value: unknown, wanted: unknown): boolean {
  if (wanted === null) return value === null || value === undefined;
  return deepEqual(value, wanted) || (Array.isArray(value) && value.some((v) => deepEqual(v, wanted)));
}

function compare(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  return null;
}

function operator(value: unknown, op: string, arg: unknown): boolean {
  switch (op) {
    case '$ne':
      return !equals(value, arg);
    case '$in':
      return (arg as unknown[]).some((a) => equals(value, a));
    case '$exists':
      return (value !== undefined) === Boolean(arg);
    case '$size':
      return Array.isArray(value) && value.length === arg;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const c = compare(value, arg);
      if (c === null) return false;
      return op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
    }
    default:
      throw new Error(`unsupported query operator: ${op}`);
  }
}

export function matchesCondition(value: unknown, cond: unknown): boolean {
  if (cond !== null && typeof cond === 'object' && !(cond instanceof Date) && !Array.isArray(cond)) {
    const entries = Object.entries(cond);
    if (entries.some(([k]) => k.startsWith('$'))) return entries.every(([op, arg]) => operator(value, op, arg));
  }
  return equals(value, cond);
}

export function matchesAll(doc: unknown, conditions: Iterable<[string, unknown]>): boolean {
  for (const [field, cond] of conditions) if (!matchesCondition(getPath(doc, field), cond)) return false;
  return true;
}
