import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import t from 'tap';
import type { Filter, Update } from '../src/collection.js';
import { applyUpdate } from '../src/sqlite/apply-update.js';
import { ServiceDatabase } from '../src/sqlite/database.js';
import { translateFilter } from '../src/sqlite/filter-sql.js';
import { decodeDoc, encodeDoc } from '../src/sqlite/json-codec.js';
import { matchesAll } from '../src/sqlite/match.js';
import { SqliteCollection } from '../src/sqlite/sqlite-collection.js';
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

/**
 * The text SQLite writes for the update where its guard holds (null where it does not), beside what the
 * JavaScript path writes (or the error it throws).
 */
function both(update: Update, start: Record<string, unknown> = doc()) {
  const sql = translateUpdate(update);
  if (!sql) return undefined;
  const source = encodeDoc(start);
  const { text, fits } = db
    .prepare(`SELECT ${sql.expression} AS text, (${sql.guard}) AS fits FROM (SELECT ? AS doc)`)
    .get(...sql.params, ...sql.guardParams, source) as { text: string; fits: number };
  const expected = decodeDoc<Record<string, unknown>>(source);
  try {
    applyUpdate(expected, update);
    return { text: fits ? text : null, expected: encodeDoc(expected) };
  } catch (err) {
    return { text: fits ? text : null, expected: err as Error };
  }
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
  t.same(decodeDoc<Record<string, unknown>>(r.text!).when, at, 'a Date set by SQL reads back as a Date');
});

t.test('$inc, $push, $max, $min and dotted paths write the text the JavaScript path writes, or fail its checks', async (t) => {
  const later = new Date(at.getTime() + 1);
  const starts: Record<string, unknown>[] = [
    doc(),
    { _id: 'u', totalOrders: 2, countedOrders: { o1: 1 }, lastOrderAt: at },
    { _id: 'u', totalOrders: 2.5, countedOrders: 'x', lastOrderAt: 7, outbox: {} },
    { _id: 'u', totalOrders: null, countedOrders: null, lastOrderAt: null, outbox: null },
    { _id: 'u', totalOrders: Number.MAX_SAFE_INTEGER - 1, countedOrders: [1], lastOrderAt: '\u0001D not a date', outbox: ['a'] },
    { _id: 'u', meta: { a: { b: 1 } }, n: true },
  ];
  const updates: Update[] = [
    { $set: { status: 'completed', updatedAt: later }, $inc: { revision: 1 }, $push: { outbox: { $each: [{ id: 'e2', at }, { id: 'e3' }] } } },
    { $inc: { totalOrders: 1 }, $set: { 'countedOrders.o9': 5, subscriptionStatus: 'active' }, $max: { lastOrderAt: later } },
    { $max: { lastOrderAt: new Date(0) } },
    { $min: { lastOrderAt: new Date(0), firstAt: later } },
    { $inc: { n: 1, totalOrders: -3 } },
    { $inc: { totalOrders: 2 } },
    { $push: { outbox: 'x', 'meta.list': [1, 2] } },
    { $set: { 'meta.a.c': { d: at } }, $unset: { 'meta.a.b': '', 'countedOrders.o1': '' } },
    { $unset: { 'status.x': '', 'missing.y': '' } },
    { $push: { 'meta.a.b': 1 } },
  ];
  let compared = 0;
  let refused = 0;
  starts.forEach((start, i) =>
    updates.forEach((update) => {
      const r = both(update, start);
      // Not the document itself in the label: its U+2028 would cut TAP's line.
      const label = `${JSON.stringify(update)} on document ${i}`;
      t.ok(r, `translated: ${label}`);
      if (r?.expected instanceof Error) {
        t.equal(r.text, null, `the guard refuses what JavaScript refuses: ${label}`);
        refused++;
      } else if (r?.text !== null) {
        t.equal(r?.text, r?.expected, label);
        compared++;
      }
    }),
  );
  // Neither side vacuous: most pairs are written by SQL, and the bad ones (a string above a dotted path,
  // $inc of null or true, $push onto a document) are refused.
  t.ok(compared >= 35, `${compared} written by SQL as by JavaScript`);
  t.ok(refused >= 8, `${refused} refused as JavaScript refuses them`);
  const keyed = (id: string) => translateUpdate({ $set: { [`countedOrders.${id}`]: 1 }, $inc: { [`perOrder.${id}`]: 1 }, $max: { lastOrderAt: later } })!;
  t.equal(keyed('o1').expression, keyed('o2').expression, 'a key per order makes no statement per order: paths are parameters');
  t.equal(keyed('o1').guard, keyed('o2').guard);
  const r = both({ $max: { lastOrderAt: later } }, starts[1])!;
  t.same(decodeDoc<Record<string, unknown>>(r.text!).lastOrderAt, later, 'a Date written by $max reads back as a Date');
  const kept = both({ $max: { lastOrderAt: new Date(0) } }, starts[1])!;
  t.same(decodeDoc<Record<string, unknown>>(kept.text!).lastOrderAt, at, 'and one $max keeps reads back as the same Date');
});

t.test('a transition is one UPDATE … RETURNING; a document it does not fit goes to the JavaScript path in the same call', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lumira-sql-update-'));
  const sdb = new ServiceDatabase(path.join(dir, 'svc.sqlite'), 'NORMAL');
  t.teardown(() => {
    sdb.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const c = new SqliteCollection<Record<string, unknown> & { _id: string }>('orders', sdb);
  await c.createIndex('status');
  await c.insertOne({ _id: 'o1', status: 'pending', revision: 0, outbox: [], label: 'x' });
  const statements: string[] = [];
  const statement = sdb.statement.bind(sdb);
  sdb.statement = (sql: string) => (statements.push(sql.split(' ', 1)[0]!), statement(sql));
  const transition = { $set: { status: 'completed', updatedAt: at }, $inc: { revision: 1 }, $push: { outbox: { $each: [{ id: 'e1' }] } } };
  const moved = await c.findOneAndUpdate({ _id: 'o1', status: { $in: ['pending', 'failed'] } }, transition);
  t.same(moved, { _id: 'o1', status: 'completed', revision: 1, outbox: [{ id: 'e1' }], label: 'x', updatedAt: at });
  t.same(
    statements.filter((s) => s !== 'BEGIN' && s !== 'COMMIT'),
    ['UPDATE'],
    'no SELECT, one UPDATE',
  );
  t.same(await c.find({ status: 'completed' }), [moved], 'the status column moved with the document');
  statements.length = 0;
  await t.rejects(c.findOneAndUpdate({ _id: 'o1' }, { $inc: { label: 1 } }), /non-number/);
  t.same(
    statements.filter((s) => s !== 'BEGIN' && s !== 'COMMIT'),
    ['UPDATE', 'SELECT'],
    'the guard refused, then the JS path read it',
  );
  t.equal((await c.findOne({ _id: 'o1' }))?.label, 'x');
});

t.test('what SQL cannot apply exactly is left to the JavaScript path', async (t) => {
  const left: Update[] = [
    { $inc: { n: 1.5 } },
    { $inc: { n: 2 ** 60 } },
    { $set: { 'meta.0': 1 } },
    { $push: { outbox: { $each: [] } } },
    { $push: { outbox: { $each: [1], $slice: 2 } } },
    { $max: { n: 5 } },
    { $pull: { outbox: { id: 'e1' } } },
    { $set: { n: 1 }, $unset: { n: '' } },
    { $set: { meta: 1, 'meta.a': 2 } },
    { $set: { 'constructor.x': 1 } },
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
