import type { Update } from '../collection.js';
import { jsonPath } from './field-sql.js';
import type { SqlParam } from './filter-sql.js';
import { encodeJson } from './json-codec.js';

export interface SqlUpdate {
  /** The new document, as an expression over the column `doc`. */
  expression: string;
  params: SqlParam[];
  /** Each field the update names, with the JSON text it gets, undefined where it is removed. */
  values: Map<string, string | undefined>;
}

/** Names a JSON path writes as they are; anything else (a dotted path, `_id`, `__proto__`, quotes) is applied in JavaScript. */
const PLAIN_FIELD = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * An update SQLite applies to the stored text itself: $set and $unset of top-level fields (the outbox
 * cleared after a publish, a guarded field set once). Values are written with the document encoder, so
 * the text is the one decoding, applying and encoding would have written, without the read, the parse
 * and the stringify in JavaScript; a new field goes last and an existing one stays in place, as in
 * MongoDB. Anything else answers undefined: apply-update.ts applies it to the decoded document.
 */
export function translateUpdate(update: Update): SqlUpdate | undefined {
  const removed: string[] = [];
  const set: string[] = [];
  const params: SqlParam[] = [];
  const values = new Map<string, string | undefined>();
  for (const [op, fields] of Object.entries(update)) {
    if ((op !== '$set' && op !== '$unset') || fields === null || typeof fields !== 'object') return undefined;
    for (const [field, value] of Object.entries(fields as Record<string, unknown>)) {
      // One operator per field: MongoDB refuses a conflict, which the JavaScript path reports.
      if (!PLAIN_FIELD.test(field) || values.has(field)) return undefined;
      const text = op === '$set' ? encodeJson(value) : undefined;
      if (op === '$set' && text === undefined && value !== undefined) return undefined;
      values.set(field, text);
      // $set to undefined leaves no member, as the encoder drops it from a document.
      if (text === undefined) removed.push(`'${jsonPath(field)}'`);
      else {
        set.push(`'${jsonPath(field)}', json(?)`);
        params.push(text);
      }
    }
  }
  if (values.size === 0) return undefined;
  let expression = removed.length > 0 ? `json_remove(doc, ${removed.join(', ')})` : 'doc';
  if (set.length > 0) expression = `json_set(${expression}, ${set.join(', ')})`;
  return { expression, params, values };
}
