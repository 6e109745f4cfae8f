import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import t, { type Test } from 'tap';
import { ServiceDatabase } from '../src/sqlite/database.js';
import { SqliteCollection } from '../src/sqlite/sqlite-collection.js';

interface Item {
  _id: string;
  status?: string | null;
  n?: number;
  at?: Date;
  tags?: string[];
  meta?: Record<string, unknown>;
  email?: string;
}

function tempFile(t: Test): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lumira-columns-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'svc.sqlite');
}

/** A service's database and one collection on it, as the embedded store opens them. */
function open(t: Test, file: string): { sdb: ServiceDatabase; c: SqliteCollection<Item> } {
  const sdb = new ServiceDatabase(file, 'NORMAL');
  t.teardown(() => sdb.close());
  return { sdb, c: new SqliteCollection<Item>('items', sdb) };
}

/** Every indexed field's column against json_extract of its document: the rows where they differ. */
function drift(db: DatabaseSync, table: string): { id: string; field: string }[] {
  const names = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
  const out: { id: string; field: string }[] = [];
  for (const { name } of names.filter((n) => n.name.startsWith('f.'))) {
    const field = name.slice(2);
    const jsonPath = `$.${field
      .split('.')
      .map((p) => `"${p}"`)
      .join('.')}`;
    const sql = `SELECT id FROM "${table}" WHERE "${name}" IS NOT json_extract(doc, ?1) OR typeof("${name}") IS NOT typeof(json_extract(doc, ?1))`;
    for (const r of db.prepare(sql).all(jsonPath) as { id: string }[]) out.push({ id: r.id, field });
  }
  return out;
}

t.test('every write keeps each indexed field’s column equal to its document', async (t) => {
  const { sdb, c } = open(t, tempFile(t));
  await c.createIndex({ status: 1, n: -1 });
  await c.createIndex('meta.kind', { sparse: true });
  await c.createIndex('email', { unique: true, sparse: true });
  await c.createIndex('at', { expireAfterSeconds: 3600 });
  await c.createIndex('tags');

  await c.insertMany([
    { _id: 'a', status: 'new', n: 1, at: new Date(1_000), tags: ['x'], meta: { kind: 'k1' }, email: 'a@x' },
    { _id: 'b', status: 'new', n: 2 },
  ]);
  await c.insertOne({ _id: 'c', meta: { kind: 'k2', deep: { v: 1 } } });
  await c.updateOne({ _id: 'a' }, { $set: { status: 'paid', email: 'a2@x' } }); // SQL path: columns set
  await c.updateOne({ _id: 'a' }, { $unset: { email: '' } }); // SQL path: column cleared
  await c.updateOne({ _id: 'b' }, { $set: { meta: { kind: 'k3' } } }); // a column inside the field set: JS path
  await c.updateOne({ _id: 'b' }, { $inc: { n: 5 }, $push: { tags: 'y' } }); // JS path
  await c.updateOne({ _id: 'c' }, { $set: { 'meta.kind': 'k4', at: new Date(2_000) } }); // dotted $set: JS path
  await c.findOneAndUpdate({ _id: 'c' }, { $unset: { 'meta.kind': '' }, $set: { status: null } });
  await c.updateOne({ _id: 'd' }, { $set: { status: 'up', email: 'd@x' } }, { upsert: true });
  await c.updateOne({ _id: 'a' }, { $set: { note: 'no indexed field' } });
  await c.updateOne({ _id: 'b' }, { $set: { tags: ['p', 'q'] } });
  await c.deleteOne({ _id: 'b' });
  // Values the columns cannot take from the document (column-values.ts): SQLite reads them from the text.
  await c.insertOne({ _id: 'f', status: 'new', n: 1.25, email: 'f😀@x', meta: { kind: 'k5' } });
  await c.updateOne({ _id: 'f' }, { $inc: { n: 2 ** 60 } }); // JS path, a number beyond the safe integers
  await c.updateOne({ _id: 'd' }, { $inc: { n: 3 }, $set: { 'meta.kind': 'k6' } }); // JS path, bound integers

  t.same(drift(sdb.db, 'c_items'), [], 'no column differs from its document');
  t.same(
    (await c.find({ status: 'paid' })).map((d) => d._id),
    ['a'],
    'a query on an indexed field reads the column',
  );
  t.same(
    (await c.find({ 'meta.kind': { $exists: true } }, { sort: { _id: 1 } })).map((d) => d._id),
    ['a', 'd', 'f'],
    'the unset nested field is gone, the untouched one stays',
  );
  t.same(
    (await c.find({ email: 'd@x' })).map((d) => d._id),
    ['d'],
    'the upsert filled its columns',
  );
  t.same(
    (await c.find({ n: { $gte: 3 } }, { sort: { n: 1 } })).map((d) => d._id),
    ['d', 'f'],
    'numbers bound and numbers read by SQLite compare as numbers',
  );
  await t.rejects(c.updateOne({ _id: 'a' }, { $set: { email: 'd@x' } }), { name: 'DuplicateKeyError' }, 'a unique column still refuses a taken value');
  await t.rejects(c.insertOne({ _id: 'e', email: 'd@x' }), { name: 'DuplicateKeyError' });
  t.same(drift(sdb.db, 'c_items'), [], 'a refused write changed no column');
  const plan = sdb.db.prepare(`EXPLAIN QUERY PLAN SELECT doc FROM "c_items" WHERE "f.status" = ?`).all('paid') as { detail: string }[];
  t.match(plan.map((p) => p.detail).join('\n'), /USING INDEX "?ix_items_status_n/, 'the query plan uses the index on the column');
});

t.test('an update of an unindexed field writes no index page', async (t) => {
  // The reason for the columns: an index on a json_extract expression was rewritten by every update.
  // Over a table larger than the page cache, each index page an update touches is one more WAL frame.
  const file = tempFile(t);
  const { sdb, c } = open(t, file);
  for (const f of ['status', 'email', 'n']) await c.createIndex(f);
  const ids = Array.from({ length: 6000 }, (_, i) => String((i * 7919) % 6000).padStart(5, '0'));
  const pad = 'x'.repeat(400);
  await c.insertMany(ids.map((id, i) => ({ _id: id, status: 'new', email: `${id}@x`, n: Math.sin(i), meta: { v: 0, pad } })));
  sdb.db.exec('PRAGMA wal_checkpoint(TRUNCATE); PRAGMA wal_autocheckpoint = 0');
  const updates = 200;
  for (let i = 0; i < updates; i++) await c.updateOne({ _id: ids[(i * 31) % ids.length]! }, { $set: { meta: { v: i, pad } } });
  const frames = statSync(`${file}-wal`).size / (4096 + 24);
  t.ok(frames <= updates * 1.2, `${frames} WAL frames for ${updates} updates (a table page each; expression indexes added one per index)`);
});

t.test('a database from before the columns is moved onto them at its first createIndex', async (t) => {
  const file = tempFile(t);
  // What the previous version wrote: the document only, its indexes on json_extract expressions.
  const old = new DatabaseSync(file);
  old.exec(`CREATE TABLE "c_items" (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
  old.exec(`CREATE INDEX "ix_items_status" ON "c_items" (json_extract(doc, '$."status"'))`);
  old.exec(`CREATE UNIQUE INDEX "ix_items_email_u_s" ON "c_items" (json_extract(doc, '$."email"')) WHERE json_extract(doc, '$."email"') IS NOT NULL`);
  const insert = old.prepare(`INSERT INTO "c_items" (id, doc) VALUES (?, ?)`);
  insert.run('a', JSON.stringify({ _id: 'a', status: 'paid', email: 'a@x' }));
  insert.run('b', JSON.stringify({ _id: 'b', status: 'new' }));
  old.close();

  const { sdb, c } = open(t, file);
  await c.createIndex('status');
  await c.createIndex('email', { unique: true, sparse: true });
  await c.insertOne({ _id: 'c', status: 'paid', email: 'c@x' });

  const indexes = sdb.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all() as {
    name: string;
    sql: string;
  }[];
  t.same(
    indexes.map((i) => i.name),
    ['ix_items_email_u_s', 'ix_items_status'],
    'the same index names',
  );
  t.notOk(
    indexes.some((i) => i.sql.includes('json_extract')),
    'built on the columns now',
  );
  t.same(drift(sdb.db, 'c_items'), [], 'the columns were filled from the stored documents');
  t.same(
    (await c.find({ status: 'paid' }, { sort: { _id: 1 } })).map((d) => d._id),
    ['a', 'c'],
  );
  await t.rejects(c.insertOne({ _id: 'd', email: 'a@x' }), { name: 'DuplicateKeyError' }, 'the old rows hold their unique values');
});
