import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { GROUPED_CALLS, ServiceDatabase } from '../src/sqlite/database.js';

const dir = await mkdtemp(path.join(tmpdir(), 'lumira-group-commit-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));

t.test('a read with no write pending in its turn opens no transaction; after a write it waits for the commit', async (t) => {
  const sdb = new ServiceDatabase(path.join(dir, 'a.sqlite'), 'NORMAL');
  sdb.db.exec('CREATE TABLE things (id TEXT PRIMARY KEY)');
  const order: string[] = [];
  const alone = sdb.read(() => sdb.statement('SELECT count(*) AS n FROM things').get()).then((r) => order.push(`alone:${(r as { n: number }).n}`));
  t.notOk(sdb.db.isTransaction, 'the read alone left no transaction open');
  const write = sdb.run(() => sdb.statement('INSERT INTO things (id) VALUES (?)').run('x')).then(() => order.push('write'));
  t.ok(sdb.db.isTransaction, 'the write opened the group');
  const after = sdb.read(() => sdb.statement('SELECT count(*) AS n FROM things').get()).then((r) => order.push(`after:${(r as { n: number }).n}`));
  await Promise.all([alone, write, after]);
  // The read that saw the uncommitted row is told only with the write, once the group committed.
  t.same(order, ['alone:0', 'write', 'after:1']);
  t.notOk(sdb.db.isTransaction);
  sdb.close();
});

t.test('a failing read is a rejection, in a group or alone', async (t) => {
  const sdb = new ServiceDatabase(path.join(dir, 'b.sqlite'), 'NORMAL');
  await t.rejects(
    sdb.read(() => sdb.statement('SELECT * FROM missing').get()),
    /no such table/,
  );
  const write = sdb.run(() => sdb.db.exec('CREATE TABLE t (id TEXT)'));
  await t.rejects(
    sdb.read(() => sdb.statement('SELECT * FROM missing').get()),
    /no such table/,
  );
  await write;
  sdb.close();
});

t.test('each database is opened exclusive, in WAL, with the durability asked and a 1 MiB page cache', async (t) => {
  for (const sync of ['NORMAL', 'FULL'] as const) {
    const sdb = new ServiceDatabase(path.join(dir, `pragmas-${sync}.sqlite`), sync);
    const pragma = (name: string) => Object.values(sdb.db.prepare(`PRAGMA ${name}`).get()!)[0];
    t.equal(pragma('journal_mode'), 'wal');
    t.equal(pragma('locking_mode'), 'exclusive');
    t.equal(pragma('synchronous'), sync === 'FULL' ? 2 : 1);
    // Negative: KiB, not pages. It bounds what a database adds to the resident size as it grows.
    t.equal(pragma('cache_size'), -1024);
    sdb.close();
  }
});

t.test('after a group of several writers, a write waits for the spacing and joins the next turns; an idle database commits at once', async (t) => {
  const sdb = new ServiceDatabase(path.join(dir, 'spacing.sqlite'), 'NORMAL', 300);
  t.teardown(() => sdb.close());
  sdb.db.exec('CREATE TABLE things (id TEXT PRIMARY KEY)');
  const insert = (id: string) => sdb.run(() => sdb.statement('INSERT INTO things (id) VALUES (?)').run(id));
  const turn = () => new Promise((r) => setImmediate(r));
  const count = () => (sdb.statement('SELECT count(*) AS n FROM things').get() as { n: number }).n;

  const burst = Array.from({ length: GROUPED_CALLS }, (_, i) => insert(`burst-${i}`));
  await turn();
  t.notOk(sdb.db.isTransaction, 'the burst, on an idle database, committed at the end of its turn');
  await Promise.all(burst);

  let told = false;
  const second = insert('b').then(() => (told = true));
  await turn();
  t.ok(sdb.db.isTransaction, 'the write right after a grouped commit is still open after its turn');
  t.notOk(told, 'and not acknowledged');
  await second;
  t.notOk(sdb.db.isTransaction);
  t.equal(count(), GROUPED_CALLS + 1, 'committed once the spacing was up');

  // That group held one writer's call: the next write is not held back.
  const third = insert('c');
  await turn();
  t.notOk(sdb.db.isTransaction, 'after a group of one call, a write commits in its own turn');
  await third;

  await Promise.all(Array.from({ length: GROUPED_CALLS }, (_, i) => insert(`again-${i}`)));
  await new Promise((r) => setTimeout(r, 400));
  const fourth = insert('d');
  await turn();
  t.notOk(sdb.db.isTransaction, 'once the spacing has passed, a write commits in its own turn again');
  await fourth;
});

t.test('one writer waiting for each write before the next is never held back', async (t) => {
  const sdb = new ServiceDatabase(path.join(dir, 'sequential.sqlite'), 'NORMAL', 10_000);
  t.teardown(() => sdb.close());
  sdb.db.exec('CREATE TABLE things (id TEXT PRIMARY KEY)');
  for (let i = 0; i < 20; i++) {
    const write = sdb.run(() => sdb.statement('INSERT INTO things (id) VALUES (?)').run(`seq-${i}`));
    await new Promise((r) => setImmediate(r));
    t.notOk(sdb.db.isTransaction, `write ${i} committed at the end of its turn`);
    await write;
  }
});

t.test('closing commits a group waiting for its spacing', async (t) => {
  const file = path.join(dir, 'spacing-close.sqlite');
  const sdb = new ServiceDatabase(file, 'NORMAL', 10_000);
  sdb.db.exec('CREATE TABLE things (id TEXT PRIMARY KEY)');
  await Promise.all(Array.from({ length: GROUPED_CALLS }, (_, i) => sdb.run(() => sdb.statement('INSERT INTO things (id) VALUES (?)').run(`a-${i}`))));
  const waiting = sdb.run(() => sdb.statement('INSERT INTO things (id) VALUES (?)').run('b'));
  t.ok(sdb.db.isTransaction);
  sdb.close();
  await waiting;
  const again = new ServiceDatabase(file, 'NORMAL');
  t.equal((again.statement('SELECT count(*) AS n FROM things').get() as { n: number }).n, GROUPED_CALLS + 1, 'the waiting write is in the file');
  again.close();
});
