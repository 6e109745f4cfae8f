import type { Test } from 'tap';
import type { Collection, Doc } from '@lumira/store';
import type { Item } from './contract.js';

/** The contract's conditional and operator updates: what every backend must apply, refuse and race alike. */
export function updateContract(t: Test, fresh: <D extends Doc = Item>() => Collection<D>): void {
  t.test('findOneAndUpdate applies only when the conditional filter matches', async (t) => {
    const c = fresh();
    await c.insertOne({ _id: 'o', status: 'pending', n: 0 });
    const moved = await c.findOneAndUpdate({ _id: 'o', status: { $in: ['pending', 'failed'] } }, { $set: { status: 'completed' }, $inc: { n: 1 } });
    t.equal(moved?.status, 'completed');
    t.equal(moved?.n, 1);
    const again = await c.findOneAndUpdate({ _id: 'o', status: { $in: ['pending', 'failed'] } }, { $set: { status: 'completed' }, $inc: { n: 1 } });
    t.equal(again, null, 'a second identical transition does not apply');
    t.equal((await c.findOne({ _id: 'o' }))?.n, 1);
  });

  t.test('findOneAndUpdate answers the document as written: $inc, $push, $max and a dotted $set together', async (t) => {
    const c = fresh();
    const at = new Date('2025-01-02T03:04:05.678Z');
    const later = new Date(at.getTime() + 1000);
    await c.insertOne({ _id: 'u', status: 'new', n: 2, at, outbox: [{ id: 'e1' }] });
    const updated = await c.findOneAndUpdate(
      { _id: 'u', 'meta.o1': { $exists: false } },
      { $inc: { n: 1 }, $set: { 'meta.o1': 5, status: 'active' }, $max: { at: later }, $push: { outbox: { $each: [{ id: 'e2' }, { id: 'e3' }] } } },
    );
    t.same(updated, { _id: 'u', status: 'active', n: 3, at: later, outbox: [{ id: 'e1' }, { id: 'e2' }, { id: 'e3' }], meta: { o1: 5 } });
    t.ok(updated?.at instanceof Date, 'the Date comes back a Date');
    t.same(await c.findOne({ _id: 'u' }), updated, 'what is stored is what was answered');
    t.equal(await c.findOneAndUpdate({ _id: 'u', 'meta.o1': { $exists: false } }, { $inc: { n: 1 } }), null, 'the guard on the key holds');
    const kept = await c.findOneAndUpdate({ _id: 'u' }, { $max: { at }, $push: { outbox: { id: 'e4' } } });
    t.same(kept?.at, later, '$max keeps the later Date');
    t.same(kept?.outbox?.at(-1), { id: 'e4' });
  });

  t.test('an update that does not fit the document is refused and changes nothing', async (t) => {
    const c = fresh();
    await c.insertOne({ _id: 'x', status: 'text', n: 1, tags: ['a'] });
    await t.rejects(c.findOneAndUpdate({ _id: 'x' }, { $inc: { status: 1 } }), '$inc of a string');
    await t.rejects(c.updateOne({ _id: 'x' }, { $push: { status: 'b' }, $set: { n: 2 } }), '$push onto a string');
    await t.rejects(c.updateOne({ _id: 'x' }, { $set: { 'status.inner': 1 } }), 'a field inside a string');
    t.same(await c.findOne({ _id: 'x' }), { _id: 'x', status: 'text', n: 1, tags: ['a'] });
    t.same(await c.updateOne({ _id: 'nobody' }, { $inc: { n: 1 } }), { matched: 0, upserted: false }, 'no match is no error');
  });

  t.test('concurrent conditional updates: exactly one wins', async (t) => {
    const c = fresh();
    await c.insertOne({ _id: 'race', status: 'pending', n: 0 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => c.findOneAndUpdate({ _id: 'race', status: 'pending' }, { $set: { status: 'done' }, $inc: { n: 1 } })),
    );
    t.equal(results.filter(Boolean).length, 1);
    t.equal((await c.findOne({ _id: 'race' }))?.n, 1);
  });

  t.test('updateOne with $ne guard, $push $each, $pull by query, $unset and upsert', async (t) => {
    const c = fresh();
    await c.insertOne({ _id: 'u', status: 's', n: 0 });
    const first = await c.updateOne({ _id: 'u', tags: { $ne: 'x' } }, { $push: { tags: 'x' }, $inc: { n: 1 } });
    const second = await c.updateOne({ _id: 'u', tags: { $ne: 'x' } }, { $push: { tags: 'x' }, $inc: { n: 1 } });
    t.same([first.matched, second.matched], [1, 0]);
    await c.updateOne({ _id: 'u' }, { $push: { outbox: { $each: [{ id: 'e1' }, { id: 'e2' }, { id: 'e3' }] } } });
    await c.updateOne({ _id: 'u' }, { $pull: { outbox: { id: { $in: ['e1', 'e3'] } } } });
    const doc = await c.findOne({ _id: 'u' });
    t.same(doc?.outbox, [{ id: 'e2' }]);
    t.same(doc?.tags, ['x']);
    t.equal(doc?.n, 1);
    await c.updateOne({ _id: 'u' }, { $unset: { tags: '' } });
    t.equal((await c.findOne({ _id: 'u' }))?.tags, undefined);
    const up = await c.updateOne({ _id: 'new' }, { $set: { status: 'made', n: 7 } }, { upsert: true });
    t.ok(up.upserted);
    t.equal((await c.findOne({ _id: 'new' }))?.status, 'made');
    t.equal(await c.countDocuments({ outbox: { $size: 1 } }), 1);
  });

  t.test('a per-key $exists guard applies an increment once, from an empty map', async (t) => {
    const c = fresh<{ _id: string; n: number; seen: Record<string, true> }>();
    await c.insertOne({ _id: 'g', n: 0, seen: {} });
    const once = () => c.updateOne({ _id: 'g', 'seen.o1': { $exists: false } }, { $inc: { n: 1 }, $set: { 'seen.o1': true } });
    const results = await Promise.all([once(), once(), once()]);
    t.same(results.map((r) => r.matched).sort(), [0, 0, 1]);
    t.equal((await c.findOne({ _id: 'g' }))?.n, 1);
    await c.updateOne({ _id: 'g' }, { $max: { at: new Date('2025-01-02') } });
    await c.updateOne({ _id: 'g' }, { $max: { at: new Date('2025-01-01') } });
    t.same(((await c.findOne({ _id: 'g' })) as unknown as { at: Date }).at, new Date('2025-01-02'), '$max keeps the later date');
  });
}
