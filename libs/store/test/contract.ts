import type { Test } from 'tap';
import { isDuplicateKeyError, type Collection, type Doc, type StoreRoot } from '@lumira/store';
import { updateContract } from './contract-updates.js';

export interface Item {
  _id: string;
  email?: string;
  status: string;
  n: number;
  tags?: string[];
  outbox?: { id: string }[];
  at?: Date;
}

/** The behaviour every backend must show; run against embedded always and MongoDB when MONGODB_URL is set. */
export function storeContract(t: Test, open: () => Promise<StoreRoot>): void {
  let root: StoreRoot;
  let seq = 0;
  const fresh = <D extends Doc = Item>(): Collection<D> => root.forService(`contract${process.pid}x${Date.now()}x${seq++}`).collection<D>('items');

  t.before(async () => {
    root = await open();
  });
  t.teardown(async () => root.close());

  updateContract(t, fresh);

  t.test('insertOne then findOne round-trips the document, dates included', async (t) => {
    const c = fresh();
    const at = new Date('2025-01-02T03:04:05.678Z');
    await c.insertOne({ _id: 'a', status: 'pending', n: 1, at });
    const got = await c.findOne({ _id: 'a' });
    t.equal(got?.status, 'pending');
    t.ok(got?.at instanceof Date);
    t.equal(got?.at?.toISOString(), at.toISOString());
    t.equal(await c.findOne({ _id: 'missing' }), null);
  });

  t.test('a repeated _id and a unique index both raise DuplicateKeyError', async (t) => {
    const c = fresh();
    await c.createIndex('email', { unique: true, sparse: true });
    await c.insertOne({ _id: 'a', email: 'x@y.z', status: 's', n: 0 });
    await t.rejects(c.insertOne({ _id: 'a', status: 's', n: 0 }), { name: 'DuplicateKeyError' });
    const err = await c.insertOne({ _id: 'b', email: 'x@y.z', status: 's', n: 0 }).catch((e: unknown) => e);
    t.ok(isDuplicateKeyError(err));
    await c.insertOne({ _id: 'c', status: 's', n: 0 });
    await c.insertOne({ _id: 'd', status: 's', n: 0 });
    t.equal(await c.countDocuments({}), 3, 'sparse unique index ignores documents without the field');
  });

  t.test('find sorts, skips and limits', async (t) => {
    const c = fresh();
    for (let i = 0; i < 5; i++) await c.insertOne({ _id: `k${i}`, status: i % 2 ? 'odd' : 'even', n: i });
    const page = await c.find({ status: 'even' }, { sort: { n: -1 }, skip: 1, limit: 1 });
    t.same(
      page.map((d) => d._id),
      ['k2'],
    );
    const ranged = await c.find({ n: { $gte: 1, $lt: 4 } }, { sort: { n: 1 } });
    t.same(
      ranged.map((d) => d.n),
      [1, 2, 3],
    );
    t.same(
      (await c.find({ _id: { $in: ['k0', 'k4'] } }, { sort: { _id: 1 } })).map((d) => d._id),
      ['k0', 'k4'],
    );
  });

  t.test('a range query on a sparse-indexed timestamp finds the documents that carry it', async (t) => {
    const c = fresh();
    await c.createIndex('n', { sparse: true });
    await c.insertOne({ _id: 'due', status: 's', n: 1_000 });
    await c.insertOne({ _id: 'later', status: 's', n: 5_000 });
    await c.insertOne({ _id: 'none', status: 's' } as Item);
    t.same(
      (await c.find({ n: { $lte: 2_000 } })).map((d) => d._id),
      ['due'],
    );
    await c.updateOne({ _id: 'due' }, { $unset: { n: '' } });
    t.same(await c.find({ n: { $lte: 2_000 } }), [], 'unset leaves the index');
    const claimed = await c.findOneAndUpdate({ n: { $lte: 9_000 } }, { $set: { n: 20_000 } });
    t.equal(claimed?._id, 'later', 'a claim through the index moves the document');
  });

  t.test('an array filter matches the exact array only', async (t) => {
    const c = fresh();
    const entries = [
      { id: 'e1', data: { a: 1, b: [1, 2] } },
      { id: 'e2', data: { a: 2, b: [] } },
    ];
    await c.insertOne({ _id: 'x', status: 's', n: 0, outbox: entries } as never);
    t.equal((await c.updateOne({ _id: 'x', outbox: [entries[0]] }, { $set: { n: 1 } })).matched, 0, 'a prefix is not a match');
    t.equal((await c.updateOne({ _id: 'x', outbox: [entries[1], entries[0]] }, { $set: { n: 1 } })).matched, 0, 'order matters');
    t.equal((await c.updateOne({ _id: 'x', outbox: entries }, { $set: { outbox: [] }, $unset: { n: '' } })).matched, 1);
    t.same((await c.findOne({ _id: 'x' }))?.outbox, []);
  });

  t.test('equality with an array or a document: the whole value in key order, or one element of an array', async (t) => {
    const c = root.forService(`contract${process.pid}docs${seq++}`).collection<{ _id: string; v: unknown }>('docs');
    const at = new Date('2025-01-02T03:04:05.678Z');
    await c.insertMany([
      { _id: 'exact', v: ['x', 'y'] },
      { _id: 'element', v: [['x', 'y'], 'z'] },
      { _id: 'reversed', v: ['y', 'x'] },
      { _id: 'text', v: '["x","y"]' },
      { _id: 'doc', v: { a: 1, b: 'two', at } },
      { _id: 'docElement', v: [{ a: 1, b: 'two', at }] },
      { _id: 'docOrder', v: { b: 'two', a: 1, at } },
      { _id: 'docText', v: JSON.stringify({ a: 1, b: 'two' }) },
      { _id: 'empty', v: [] },
    ]);
    const ids = async (v: unknown) => (await c.find({ v }, { sort: { _id: 1 } })).map((d) => d._id);
    t.same(await ids(['x', 'y']), ['element', 'exact']);
    t.same(await ids({ a: 1, b: 'two', at }), ['doc', 'docElement']);
    t.same(await ids({ a: 1, b: 'two', at: new Date(at.getTime() + 1) }), [], 'a Date inside compares by time');
    t.same(await ids([]), ['empty']);
    t.equal(await c.countDocuments({ v: ['y', 'x'] }), 1);
    t.equal((await c.updateOne({ _id: 'text', v: ['x', 'y'] }, { $set: { v: 'changed' } })).matched, 0, 'a string is not the array its text spells');
    t.equal(await c.deleteMany({ v: { a: 1, b: 'two', at } }), 2);
  });

  t.test('insertMany writes every document, and a repeated _id among them raises DuplicateKeyError', async (t) => {
    const c = fresh();
    await c.insertMany([]);
    await c.insertMany([1, 2, 3].map((n) => ({ _id: `m${n}`, status: 's', n })));
    t.same(
      (await c.find({}, { sort: { n: 1 } })).map((d) => d._id),
      ['m1', 'm2', 'm3'],
    );
    await t.rejects(c.insertMany([{ _id: 'm2', status: 's', n: 9 }]), { name: 'DuplicateKeyError' });
    t.equal((await c.findOne({ _id: 'm2' }))?.n, 2, 'the first write stands');
  });

  t.test('deleteMany removes every match and answers how many', async (t) => {
    const c = fresh();
    await c.insertMany([1, 2, 3, 4].map((n) => ({ _id: `d${n}`, status: n % 2 ? 'odd' : 'even', n })));
    t.equal(await c.deleteMany({ status: 'odd' }), 2);
    t.equal(await c.deleteMany({ status: 'odd' }), 0);
    t.same(
      (await c.find({}, { sort: { n: 1 } })).map((d) => d._id),
      ['d2', 'd4'],
    );
  });

  t.test('a compound unique index refuses the same pair, not the same field alone', async (t) => {
    const c = fresh();
    await c.createIndex({ status: 1, n: -1 }, { unique: true });
    await c.insertOne({ _id: 'p1', status: 'a', n: 1 });
    await c.insertOne({ _id: 'p2', status: 'a', n: 2 });
    await c.insertOne({ _id: 'p3', status: 'b', n: 1 });
    await t.rejects(c.insertOne({ _id: 'p4', status: 'a', n: 1 }), { name: 'DuplicateKeyError' });
    t.same(
      (await c.find({ status: 'a' }, { sort: { n: -1 } })).map((d) => d._id),
      ['p2', 'p1'],
    );
  });

  t.test('a TTL index deletes documents whose date is past, and keeps the others', async (t) => {
    const c = fresh();
    await c.createIndex('at', { expireAfterSeconds: 1 });
    const old = new Date(Date.now() - 60_000);
    await c.insertMany([
      { _id: 'old', status: 's', n: 0, at: old },
      { _id: 'new', status: 's', n: 0, at: new Date(Date.now() + 3_600_000) },
      { _id: 'none', status: 's', n: 0 },
      { _id: 'null', status: 's', n: 0, at: null as unknown as Date },
      { _id: 'number', status: 's', n: 0, at: 5 as unknown as Date },
    ]);
    const deadline = Date.now() + 90_000;
    while ((await c.countDocuments({ _id: 'old' })) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    t.same(
      (await c.find({}, { sort: { _id: 1 } })).map((d) => d._id),
      ['new', 'none', 'null', 'number'],
      'only a Date in the past expires',
    );
  });

  t.test('deleteOne removes one document', async (t) => {
    const c = fresh();
    await c.insertOne({ _id: 'd1', status: 's', n: 0 });
    t.equal(await c.deleteOne({ _id: 'd1' }), 1);
    t.equal(await c.deleteOne({ _id: 'd1' }), 0);
  });
}
