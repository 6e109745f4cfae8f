import { DatabaseSync } from 'node:sqlite';
import t from 'tap';
import type { Filter, Update } from '../src/collection.js';
import { applyUpdate } from '../src/sqlite/apply-update.js';
import { translateFilter } from '../src/sqlite/filter-sql.js';
import { decodeDoc, encodeDoc } from '../src/sqlite/json-codec.js';
import { matchesAll } from '../src/sqlite/match.js';
import { translateUpdate } from '../src/sqlite/sql-update.js';

const db = new DatabaseSync(':memory:');
t.teardown(() => db.close());

const at = new Date('2025-01-02T03:04:05.678Z');
const doc = () => ({
  _id: 'o1',
  status: 'pending',
  n: 3,
  at,
  outbox: [{ id: 'e1', type: 'order.created', data: { orderId: 'o1', amount: 4900, at } }],
  outboxPendingSince: 1_700_000_000_000,
  name: 'Zoë 😀 "quoted" \\ back\nline \u2028',
  tagged: '\u0001D not a date',
});

/** The text SQLite writes for the update, beside the text the JavaScript path writes. */
function both(update: Update) {
  const sql = translateUpdate(update);
  if (!sql) return undefined;
  const { text } = db.prepare(`SELECT ${sql.expression} AS text FROM (SELECT ? AS doc)`).get(...sql.params, encodeDoc(doc())) as { text: string };
  const expected = doc() as Record<string, unknown>;
  applyUpdate(expected, update);
  return { text, expected: encodeDoc(expected) };
}

t.test('$set and $unset of top-level fields write the text the JavaScript path writes', async (t) => {
  const updates: Update[] = [
    { $set: { outbox: [] }, $unset: { outboxPendingSince: '' } },
    { $set: { status: 'paid', paidAt: new Date('2026-01-01T00:00:00.000Z'), n: 4 } },
    { $set: { meta: { nested: [1, { at }], s: '\u0001S escaped', big: 2 ** 60, small: 1e-7, neg: -0 } } },
    { $set: { name: null, flag: true, gone: undefined } },
    { $set: { at: undefined } },
    { $unset: { missing: '', tagged: '' } },
    { $set: { outbox: [{ id: 'e2', type: 'x', data: {} }] } },
    { $set: { text: '\ud800 lone half, ' + 'é'.repeat(50) } },
  ];
  for (const update of updates) {
    const r = both(update);
    t.ok(r, `translated: ${JSON.stringify(update)}`);
    t.equal(r?.text, r?.expected, JSON.stringify(update));
  }
  const r = both({ $set: { when: at, status: 'x' } })!;
  t.same(decodeDoc<Record<string, unknown>>(r.text).when, at, 'a Date set by SQL reads back as a Date');
});

t.test('what SQL cannot apply exactly is left to the JavaScript path', async (t) => {
  const left: Update[] = [
    { $inc: { n: 1 } },
    { $set: { 'meta.a': 1 } },
    { $push: { outbox: { id: 'e2' } } },
    { $set: { n: 1 }, $unset: { n: '' } },
    { $set: { $bad: 1 } },
    { $set: { __proto__x: 1, _id: 'other' } },
    { $set: {} },
    {},
    { $set: { f: () => 1 } },
  ];
  for (const update of left)
    t.equal(
      translateUpdate(update),
      undefined,
      JSON.stringify(update, (_k, v: unknown) => (typeof v === 'function' ? 'fn' : v)),
    );
});

t.test('array and document equality in SQL decide what the JavaScript matcher decides', async (t) => {
  db.exec('CREATE TABLE docs (id TEXT PRIMARY KEY, doc TEXT NOT NULL)');
  const values: unknown[] = [
    ['x', 'y'],
    [['x', 'y'], 'z'],
    ['y', 'x'],
    '["x","y"]',
    { a: 1, b: [at] },
    { b: [at], a: 1 },
    [{ a: 1, b: [at] }],
    '{"a":1,"b":[]}',
    [],
    [[]],
    {},
    null,
    5,
    ['\u0001D tagged', 'é'],
  ];
  const insert = db.prepare('INSERT INTO docs (id, doc) VALUES (?, ?)');
  values.forEach((v, i) => insert.run(`d${i}`, encodeDoc({ _id: `d${i}`, ...(v === undefined ? {} : { v }) })));
  const queries: unknown[] = [['x', 'y'], { a: 1, b: [at] }, [], {}, ['\u0001D tagged', 'é'], { a: 1, b: [new Date(at.getTime() + 1)] }];
  for (const wanted of queries) {
    const filter: Filter = { v: wanted };
    const q = translateFilter(filter);
    t.same(q.residual, [], 'decided in SQL');
    const inSql = (db.prepare(`SELECT id FROM docs WHERE ${q.where} ORDER BY id`).all(...q.params) as { id: string }[]).map((r) => r.id);
    const all = db.prepare('SELECT id, doc FROM docs ORDER BY id').all() as { id: string; doc: string }[];
    const inJs = all.filter((r) => matchesAll(decodeDoc(r.doc), Object.entries(filter))).map((r) => r.id);
    t.same(inSql, inJs, JSON.stringify(wanted));
  }
  t.same(translateFilter({ v: [undefined] }).residual, [['v', [undefined]]], 'a value JSON would change stays in the residual');
  t.same(translateFilter({ 'a.b': ['x'] }).residual, [['a.b', ['x']]], 'a dotted path stays in the residual');
});
