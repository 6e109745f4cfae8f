import t from 'tap';
import { matchesFilter, type Columns } from '../src/filter-match.js';
import { parseSqlFilters } from '../src/sqlfilters.js';

interface Row {
  id: number;
  email: string | null;
  tms: number;
}

const columns: Columns<Row> = {
  't.rowid': { type: 'number', read: (r) => r.id },
  't.email': { type: 'text', read: (r) => r.email },
  't.tms': { type: 'datetime', read: (r) => r.tms },
};

const row: Row = { id: 7, email: 'Ada@Example.com', tms: Date.UTC(2025, 0, 1, 10, 0, 0) / 1000 };
const matches = (filter: string, record: Row = row): boolean => matchesFilter(parseSqlFilters(filter), record, columns);

t.test('reads the documented criteria forms', async (t) => {
  t.same(parseSqlFilters("(t.email:=:'a@b.c')"), {
    kind: 'criterion',
    criterion: { field: 't.email', operator: '=', raw: "'a@b.c'", value: { kind: 'string', text: 'a@b.c' } },
  });
  t.same(parseSqlFilters('(t.rowid:>=:12)'), {
    kind: 'criterion',
    criterion: { field: 't.rowid', operator: '>=', raw: '12', value: { kind: 'number', value: 12 } },
  });
  t.equal(parseSqlFilters('(t.email:is:NULL)').kind, 'criterion');
  t.equal(parseSqlFilters("t.email:like:'a%'").kind, 'criterion', 'a filter without parentheses is wrapped, as Dolibarr does');
});

t.test('AND binds tighter than OR, and parentheses group', async (t) => {
  t.ok(matches("(t.rowid:=:1) or (t.rowid:=:7) and (t.email:=:'ada@example.com')"));
  t.notOk(matches("((t.rowid:=:1) or (t.rowid:=:7)) and (t.email:=:'nobody@example.com')"));
  t.ok(matches("(t.rowid:=:7)and(t.email:like:'ada%')"), 'keywords need no spaces around them');
});

t.test('refuses what Dolibarr refuses, with its message', async (t) => {
  const refused = (filter: string, message: RegExp): void => {
    t.throws(() => parseSqlFilters(filter), { name: 'SqlFiltersSyntaxError', message }, filter);
  };
  refused("(t.email:=:'a@b.c'", /^Wrong balance of parenthesis in sqlfilters=/);
  refused("(t.email:=:'a@b.c') junk (t.rowid:=:1)", /^Bad syntax of the search string: /);
  refused('(t.email:~:1)', /^Bad syntax/);
  refused('(t.email:=:1) And (t.rowid:=:1)', /^Bad syntax/);
  refused("(t.email:=:'a(b')", /^Wrong balance/);
  refused("(t.email:=:'a(b)')", /^Bad syntax/);
  refused('()', /^Bad syntax/);
  refused('(t.rowid:=:1) (t.rowid:=:2)', /^Bad syntax/);
});

t.test('compares like MySQL does', async (t) => {
  t.ok(matches("(t.email:=:'ADA@example.COM')"), 'text is case-insensitive');
  t.ok(matches("(t.email:like:'%@example.com')"));
  t.ok(matches("(t.email:like:'ad_@%')"));
  t.notOk(matches("(t.email:notlike:'ad%')"));
  t.ok(matches('(t.rowid:in:3,7,9)'));
  t.ok(matches('(t.rowid:notin:3,9)'));
  t.ok(matches("(t.email:in:'x@y.z','ada@example.com')"));
  t.ok(matches('(t.email:isnot:NULL)'));
  t.notOk(matches("(t.email:=:'x')", { ...row, email: null }), 'NULL equals nothing');
  t.ok(matches("(t.rowid:>:'6')"), 'a quoted number still compares as a number on a numeric column');
});

t.test('dates compare from quoted strings, read as UTC', async (t) => {
  t.ok(matches("(t.tms:>=:'20250101100000')"));
  t.notOk(matches("(t.tms:>:'20250101100000')"));
  t.ok(matches("(t.tms:<:'2025-01-01 10:00:01')"));
  t.ok(matches("(t.tms:>:'20241231')"));
  t.notOk(matches("(t.tms:>:'not a date')"), 'an unreadable date matches nothing');
  t.throws(() => matches('(t.tms:>=:20250101100000)'), { name: 'OperandTypeError' }, 'a bare number against a date is refused');
});
