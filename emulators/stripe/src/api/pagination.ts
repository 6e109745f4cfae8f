import { invalid, missingParamResource } from '../stripe-errors.js';
import { str } from '../form.js';

export interface Page<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

function limitOf(q: Record<string, unknown>): number {
  const raw = str(q, 'limit');
  if (raw === undefined) return 10;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalid(`Invalid limit: must be an integer between 1 and 100 (got ${raw}).`, undefined, 'limit');
  }
  return limit;
}

/**
 * Stripe's cursor paging over a list kept oldest first: pages come newest first; `starting_after` gives the
 * older ones, `ending_before` the newer ones just before the cursor. A cursor is placed in the whole list, so
 * it stays valid when a filter (such as `delivery_success`) no longer selects it.
 */
export function paginate<T extends { id: string }>(
  all: readonly T[],
  keep: (item: T) => boolean,
  q: Record<string, unknown>,
  url: string,
  kind: string,
): Page<T> {
  const limit = limitOf(q);
  const after = str(q, 'starting_after');
  const before = str(q, 'ending_before');
  const position = (id: string, param: string) => {
    const i = all.findIndex((x) => x.id === id);
    if (i < 0) throw missingParamResource(kind, id, param);
    return i;
  };
  if (before !== undefined) {
    const newer: T[] = [];
    for (let i = position(before, 'ending_before') + 1; i < all.length && newer.length <= limit; i++) if (keep(all[i]!)) newer.push(all[i]!);
    return { object: 'list', data: newer.slice(0, limit).reverse(), has_more: newer.length > limit, url };
  }
  const older: T[] = [];
  for (let i = (after !== undefined ? position(after, 'starting_after') : all.length) - 1; i >= 0 && older.length <= limit; i--)
    if (keep(all[i]!)) older.push(all[i]!);
  return { object: 'list', data: older.slice(0, limit), has_more: older.length > limit, url };
}

/** `created=…` or `created[gte]=…`: whether a timestamp passes it. */
export function createdFilter(q: Record<string, unknown>): (created: number) => boolean {
  const c = q.created;
  if (c === undefined) return () => true;
  if (typeof c === 'string') return (t) => t === Number(c);
  const r = c as Record<string, string>;
  return (t) =>
    (r.gt === undefined || t > Number(r.gt)) &&
    (r.gte === undefined || t >= Number(r.gte)) &&
    (r.lt === undefined || t < Number(r.lt)) &&
    (r.lte === undefined || t <= Number(r.lte));
}
