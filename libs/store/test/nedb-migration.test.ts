import { appendFile, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { openStore } from '@lumira/store';

// Written by the nedb store this replaced (make-nedb-fixture.ts at commit 7e3d836), kept as it left them.
const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'nedb-data-dir');

async function copyOfFixture(t: Test): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lumira-migrate-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await cp(fixture, dir, { recursive: true });
  return dir;
}

type Any = { _id: string } & Record<string, unknown>;

t.test('an nedb DATA_DIR is imported at start: last line wins, deletions stay deleted, Dates are Dates', async (t) => {
  const dir = await copyOfFixture(t);
  const root = await openStore({ dataDir: dir });
  const orders = root.forService('order').collection<Any>('orders');
  t.same(
    (await orders.find({}, { sort: { _id: 1 } })).map((d) => [d._id, d.status]),
    [
      ['ord_1', 'completed'],
      ['ord_2', 'pending'],
    ],
  );
  const first = await orders.findOne({ _id: 'ord_1' });
  t.equal(first?.outboxPendingSince, undefined, 'the $unset of a later line holds');
  t.same(first?.outbox, []);
  t.equal(first?.paymentIntentId, null);
  t.same(first?.createdAt, new Date('2026-11-01T10:00:00.123Z'));
  const second = await orders.findOne({ _id: 'ord_2' });
  t.same(second?.nested, { at: new Date('2026-11-03T00:00:00Z'), list: [1, 'two', null] });
  t.equal((await orders.find({ createdAt: { $gte: new Date('2026-11-02T00:00:00Z') } })).length, 1, 'imported Dates compare as Dates');
  t.same((await root.forService('user').collection<Any>('users').findOne({ email: 'a@example.com' }))?.seen, { ord_1: true });
  const log = root.forService('bus').collection<Any>('messages');
  t.equal(await log.countDocuments({}), 3);
  t.ok((await log.findOne({ _id: 'm2' }))?.publishedAt instanceof Date);
  t.same(await readdir(path.join(dir, 'order')), ['orders.db.migrated-to-sqlite'], 'the old file is renamed aside, not deleted');
  await orders.updateOne({ _id: 'ord_2' }, { $set: { status: 'completed' } });
  await root.close();

  const again = await openStore({ dataDir: dir });
  t.equal((await again.forService('order').collection<Any>('orders').findOne({ _id: 'ord_2' }))?.status, 'completed', 'a restart does not import again');
  await again.close();
});

t.test('a torn last line (a crash mid-append) is skipped; the rest is imported', async (t) => {
  const dir = await copyOfFixture(t);
  await appendFile(path.join(dir, 'user', 'users.db'), '{"_id":"u2","email":"b@exa');
  const root = await openStore({ dataDir: dir });
  const users = root.forService('user').collection<Any>('users');
  t.same(
    (await users.find({})).map((d) => d._id),
    ['u1'],
  );
  await root.close();
});

t.test('a file mostly unreadable is refused rather than half imported', async (t) => {
  const dir = await copyOfFixture(t);
  await appendFile(path.join(dir, 'user', 'users.db'), 'garbage\nmore garbage\n');
  const root = await openStore({ dataDir: dir });
  t.throws(() => root.forService('user'), /unreadable/);
  t.same((await readdir(path.join(dir, 'user'))).sort(), ['users.db'], 'left in place to be looked at');
  await root.close();
});
