import t from 'tap';
import { decodeDoc, encodeDoc } from '../src/sqlite/json-codec.js';

t.test('documents round-trip: Dates at any depth, tag-like strings kept as strings', async (t) => {
  const at = new Date('2025-01-02T03:04:05.678Z');
  const doc = {
    _id: 'a',
    at,
    list: [at, 'x', 1, null, { when: at, deep: [{ when: at }] }],
    nested: { when: at, n: 2, flag: true, none: null },
    tagged: '\u0001D not a date',
    escaped: '\u0001S twice',
    inner: 'a\u0001b',
    plain: 'text',
  };
  const back = decodeDoc<typeof doc>(encodeDoc(doc));
  t.same(back, doc);
  t.ok(back.list[0] instanceof Date && (back.list[4] as { deep: { when: Date }[] }).deep[0]!.when instanceof Date, 'Dates inside arrays are Dates');
  t.equal(back.tagged, '\u0001D not a date');
  t.equal(back.escaped, '\u0001S twice');
});

t.test('a document without Dates decodes as parsed', async (t) => {
  t.same(decodeDoc(encodeDoc({ _id: 'b', n: [1, 2], s: 'x' })), { _id: 'b', n: [1, 2], s: 'x' });
});

t.test('encoding leaves the document as it was, and writes what JSON.stringify writes apart from Dates and tags', async (t) => {
  const at = new Date('2025-01-02T03:04:05.678Z');
  const envelope = { id: 'e1', data: { n: 1, gone: undefined, list: [1, undefined, 'x'] } };
  const doc = { _id: 'c', at, history: [{ at, status: 'paid' }], outbox: [envelope], odd: '\u0001x', none: undefined };
  const text = encodeDoc(doc);
  t.ok(doc.at instanceof Date && doc.history[0]!.at instanceof Date, 'the Dates are still Dates');
  t.equal(doc.odd, '\u0001x', 'the tag-like string is unchanged');
  t.same(JSON.parse(text).outbox, JSON.parse(JSON.stringify([envelope])), 'a part without Dates is written as JSON.stringify writes it');
  t.notOk('none' in JSON.parse(text), 'undefined members are left out');
  t.same(decodeDoc(text), { _id: 'c', at, history: [{ at, status: 'paid' }], outbox: [{ id: 'e1', data: { n: 1, list: [1, null, 'x'] } }], odd: '\u0001x' });
});

t.test('only own members are written, as JSON.stringify writes them', async (t) => {
  const proto = { inherited: new Date(0), tag: '\u0001x' };
  const doc = Object.assign(Object.create(proto) as Record<string, unknown>, { _id: 'p', own: 'x', at: new Date(5) });
  const text = encodeDoc(doc);
  t.same(Object.keys(JSON.parse(text) as object), ['_id', 'own', 'at'], 'the inherited Date and tag-like string are not written');
  t.same(decodeDoc(text), { _id: 'p', own: 'x', at: new Date(5) });
});
