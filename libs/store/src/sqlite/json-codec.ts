/**
 * Documents are stored as JSON text. JSON has no Date, so a Date is written as a tagged string that
 * SQLite compares correctly: U+0001 'D' and the epoch milliseconds shifted to be non-negative and padded
 * to a fixed width. Dates then sort among themselves by time, apart from every number (SQLite orders
 * numbers before text) and before every ordinary string, and one index on a field serves equality and
 * ranges whatever the field holds. A real string that happens to start with U+0001 is escaped ('S').
 */
const TAG = '\u0001';
const DATE = `${TAG}D`;
const ESCAPED = `${TAG}S`;
/** The widest span a JavaScript Date covers (±8.64e15 ms), so the shifted value is never negative. */
const SHIFT = 8_640_000_000_000_000;
const WIDTH = 17;

export const DATE_LOWEST = DATE;
/** Just past every encoded Date: the tag's next letter. */
export const DATE_BEYOND = `${TAG}E`;

export function encodeDate(date: Date): string | null {
  const ms = date.getTime();
  return Number.isNaN(ms) ? null : DATE + String(ms + SHIFT).padStart(WIDTH, '0');
}

export function encodeString(value: string): string {
  return value.charCodeAt(0) === 1 ? ESCAPED + value : value;
}

/** A query value as SQLite sees it in a stored document (strings and Dates only change). */
export function encodeScalar(value: unknown): unknown {
  if (value instanceof Date) return encodeDate(value);
  if (typeof value === 'string') return encodeString(value);
  return value;
}

/**
 * The value as JSON is to see it: Dates as tagged strings, tagged-looking strings escaped. Only the
 * objects and arrays on the way to such a value are copied; the rest (most of a document: envelopes,
 * plain fields) is handed to JSON.stringify as it is, which drops undefined members and writes
 * undefined array items as null on its own.
 */
function encodeValue(value: unknown): unknown {
  if (typeof value === 'string') return value.charCodeAt(0) === 1 ? ESCAPED + value : value;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return encodeDate(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const e = encodeValue(v);
      if (e !== v) (copy ??= value.slice())[i] = e;
    }
    return copy ?? value;
  }
  // for…in rather than Object.keys: no array of keys per object (3.2 → 2.8 µs for an order). It also
  // walks inherited members, which JSON does not write: those are skipped where it matters.
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'string') {
      if (v.charCodeAt(0) !== 1) continue;
    } else if (v === null || typeof v !== 'object') continue;
    if (!Object.hasOwn(value, key)) continue;
    const e = encodeValue(v);
    if (e !== v) (copy ??= { ...value })[key] = e;
  }
  return copy ?? value;
}

/** Any value as it is written inside a document; undefined where JSON has no text for it (undefined, a function). */
export function encodeJson(value: unknown): string | undefined {
  return JSON.stringify(encodeValue(value)) as string | undefined;
}

export function encodeDoc(doc: object): string {
  return encodeJson(doc)!;
}

function decodeString(value: string): unknown {
  if (value.charCodeAt(0) !== 1) return value;
  if (value.startsWith(DATE)) return new Date(Number(value.slice(2)) - SHIFT);
  return value.startsWith(ESCAPED) ? value.slice(2) : value;
}

/**
 * Revives the tagged strings of a parsed document in place. Only a tagged string is written back: a
 * store into each property, changed or not, was a megamorphic store per field of every document read.
 */
function revive(value: object): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') {
        if (v.charCodeAt(0) === 1) value[i] = decodeString(v);
      } else if (v !== null && typeof v === 'object') revive(v);
    }
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key in obj) {
    const v = obj[key];
    if (typeof v === 'string') {
      if (v.charCodeAt(0) === 1) obj[key] = decodeString(v);
    } else if (v !== null && typeof v === 'object') revive(v);
  }
}

export function decodeDoc<T>(text: string): T {
  const parsed = JSON.parse(text) as unknown;
  // JSON.stringify writes U+0001 as the escape \u0001: without one, nothing in the text needs reviving.
  if (parsed !== null && typeof parsed === 'object' && text.includes('\\u0001')) revive(parsed);
  return parsed as T;
}
