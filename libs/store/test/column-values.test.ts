import { DatabaseSync } from 'node:sqlite';
import t from 'tap';
import { columnValue, columnValues } from '../src/sqlite/column-values.js';
import { jsonPath } from '../src/sqlite/field-sql.js';
import { encodeDoc } from '../src/sqlite/json-codec.js';

const db = new DatabaseSync(':memory:');
t.teardown(() => db.close());
/** What SQLite itself stores in the column: json_extract on the document's stored text, value and type. */
const same = db.prepare(`SELECT (?1 IS json_extract(?2, ?3)) AND typeof(?1) = typeof(json_extract(?2, ?3)) AS ok, typeof(json_extract(?2, ?3)) AS type`);

class Money {
  constructor(readonly cents: number) {}
  toJSON() {
    return { amount: this.cents / 100 };
  }
}

t.test('a bound value is what json_extract reads from the stored text, value and type', async (t) => {
  const at = new Date('2026-12-03T02:00:00.000Z');
  const doc = {
    _id: 'a',
    text: 'plain',
    accents: 'Zoé, café',
    empty: '',
    tagged: '\u0001D looks like a date',
    zero: 0,
    negativeZero: -0,
    int: 1_733_000_000_000,
    negative: -7,
    notANumber: NaN,
    infinite: Infinity,
    yes: true,
    no: false,
    none: null,
    gone: undefined,
    at,
    badDate: new Date(NaN),
    nested: { kind: 'k', deep: { n: 3 }, when: at },
    list: ['x', { kind: 'in array' }],
    parsed: JSON.parse('{"__proto__": "own member"}') as unknown,
  };
  const text = encodeDoc(doc);
  const fields = [
    'text',
    'accents',
    'empty',
    'tagged',
    'zero',
    'negativeZero',
    'int',
    'negative',
    'notANumber',
    'infinite',
    'yes',
    'no',
    'none',
    'gone',
    'missing',
    'at',
    'badDate',
    'nested.kind',
    'nested.deep.n',
    'nested.missing',
    'nested.when',
    'list.kind',
    'at.kind',
    'text.length',
    'parsed.__proto__',
    'nested.toString',
  ];
  for (const field of fields) {
    const value = columnValue(doc, field);
    t.not(value, undefined, `${field}: a certain value`);
    const r = same.get(value ?? null, text, jsonPath(field)) as { ok: number; type: string };
    t.equal(r.ok, 1, `${field}: ${String(value)} is what SQLite reads (${r.type})`);
  }
  t.same(columnValues(doc, ['text', 'int', 'yes']), ['plain', 1_733_000_000_000n, 1n], 'in the order asked; integers and booleans as integers');
});

t.test('what is not certain is left to SQLite', async (t) => {
  const doc = {
    _id: 'b',
    fraction: 1.25,
    huge: 2 ** 60,
    emoji: 'a😀b',
    lone: 'a\ud800b',
    nul: 'a\u0000b',
    object: { a: 1 },
    array: [1, 2],
    money: new Money(1250),
    holder: { money: new Money(5) },
  };
  for (const field of ['fraction', 'huge', 'emoji', 'lone', 'nul', 'object', 'array', 'money', 'money.amount', 'holder.money.amount']) {
    t.equal(columnValue(doc, field), undefined, field);
  }
  t.equal(columnValues(doc, ['_id', 'fraction']), undefined, 'one uncertain value leaves the whole row to SQLite');
  t.same(columnValues(doc, []), [], 'no columns: nothing to bind');
});
