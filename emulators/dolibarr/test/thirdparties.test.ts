import t from 'tap';
import { filterQuery, harness } from './helper.js';

const customer = { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+33102030405', client: 1, code_client: 'auto', ref_ext: 'usr_1' };

t.test('POST answers the new id as a bare integer and generates the customer code', async (t) => {
  const { call, dolibarr } = harness(t);
  const created = await call('POST', '/thirdparties', customer);
  t.equal(created.status, 200);
  t.equal(created.raw, '1');
  const second = await call('POST', '/thirdparties', { ...customer, email: 'b@example.com' });
  t.equal(second.raw, '2');
  t.same(
    dolibarr.thirdparties().map((record) => record.code_client),
    ['CU2511-00001', 'CU2511-00002'],
  );
  const fetched = await call('GET', '/thirdparties/1');
  t.match(fetched.body, {
    id: '1',
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+33102030405',
    client: '1',
    ref_ext: 'usr_1',
    date_creation: Date.UTC(2025, 10, 14, 10) / 1000,
    date_modification: Date.UTC(2025, 10, 14, 10) / 1000,
  });
});

t.test('POST checks the mandatory name and the uniqueness of an explicit customer code', async (t) => {
  const { call } = harness(t);
  const missing = await call('POST', '/thirdparties', { email: 'x@example.com' });
  t.equal(missing.status, 400);
  t.equal(missing.body.error.message, 'Bad Request: name field missing');
  await call('POST', '/thirdparties', { name: 'A', code_client: 'C1' });
  const duplicate = await call('POST', '/thirdparties', { name: 'B', code_client: 'C1' });
  t.equal(duplicate.status, 500);
  t.match(duplicate.body.error, { code: 500, message: 'Internal Server Error: Error creating thirdparty', 0: 'ErrorCustomerCodeAlreadyUsed' });
});

t.test('ref_ext is not unique, as in Dolibarr', async (t) => {
  const { call } = harness(t);
  await call('POST', '/thirdparties', customer);
  await call('POST', '/thirdparties', customer);
  const found = await call('GET', `/thirdparties${filterQuery("(t.ref_ext:=:'usr_1')")}`);
  t.same(
    found.body.map((row: { id: string }) => row.id),
    ['1', '2'],
  );
});

t.test('GET by id answers 404 with the Dolibarr error body', async (t) => {
  const { call } = harness(t);
  const missing = await call('GET', '/thirdparties/99');
  t.equal(missing.status, 404);
  t.same(missing.body.error, { code: 404, message: 'Not Found: Thirdparty not found' });
  t.ok(missing.body.debug, 'the debug block of a non-production API');
});

t.test('a list with no match is a 404, not an empty array', async (t) => {
  const { call } = harness(t);
  const empty = await call('GET', '/thirdparties');
  t.equal(empty.status, 404);
  t.equal(empty.body.error.message, 'Not Found: No third parties found');
  await call('POST', '/thirdparties', customer);
  const noMatch = await call('GET', `/thirdparties${filterQuery("(t.email:=:'nobody@example.com')")}`);
  t.equal(noMatch.status, 404);
});

t.test('filters by e-mail case-insensitively', async (t) => {
  const { call } = harness(t);
  await call('POST', '/thirdparties', customer);
  const found = await call('GET', `/thirdparties${filterQuery("(t.email:=:'ADA@example.com')")}`);
  t.equal(found.status, 200);
  t.equal(found.body.length, 1);
});

t.test('filters on t.tms with the colon-free date, sorts and pages', async (t) => {
  const { call, clock } = harness(t);
  for (const name of ['A', 'B', 'C', 'D']) {
    await call('POST', '/thirdparties', { name });
    clock.advance(60);
  }
  // A=10:00, B=10:01, C=10:02, D=10:03; editing A moves it last.
  await call('PUT', '/thirdparties/1', { phone: '1' });
  const since = filterQuery("(t.tms:>=:'20251114100100')", '&sortfield=t.tms&sortorder=ASC&limit=2');
  const first = await call('GET', `/thirdparties${since}&page=0`);
  t.same(
    first.body.map((row: { name: string }) => row.name),
    ['B', 'C'],
  );
  const second = await call('GET', `/thirdparties${since}&page=1`);
  t.same(
    second.body.map((row: { name: string }) => row.name),
    ['D', 'A'],
  );
  const beyond = await call('GET', `/thirdparties${since}&page=2`);
  t.equal(beyond.status, 404);
  const paginated = await call('GET', `/thirdparties${since}&page=0&pagination_data=true`);
  t.same(paginated.body.pagination, { total: 4, page: 0, page_count: 2, limit: 2 });
  const descending = await call('GET', '/thirdparties?sortfield=t.rowid&sortorder=DESC&limit=1');
  t.same(
    descending.body.map((row: { name: string }) => row.name),
    ['D'],
  );
});

t.test('sqlfilters errors', async (t) => {
  const { call } = harness(t);
  await call('POST', '/thirdparties', customer);
  const bad = await call('GET', `/thirdparties${filterQuery("(t.email:=:'a') xor (t.rowid:=:1)")}`);
  t.equal(bad.status, 400);
  t.match(bad.body.error.message, /^Bad Request: Error when validating parameter sqlfilters -> Bad syntax/);
  const unknownColumn = await call('GET', `/thirdparties${filterQuery("(t.mail:=:'a')")}`);
  t.equal(unknownColumn.status, 503, 'the SQL fails on an unknown column');
  t.equal(unknownColumn.body.error.message, "Service Unavailable: Error when retrieve third parties : Unknown column 't.mail' in 'WHERE'");
  const unquotedDate = await call('GET', `/thirdparties${filterQuery('(t.tms:>=:20251114100000)')}`);
  t.equal(unquotedDate.status, 503, 'dates must be quoted');
  const badSort = await call('GET', '/thirdparties?sortfield=t.nope');
  t.equal(badSort.status, 503);
  t.match(badSort.body.error.message, /Unknown column 't\.nope' in 'ORDER BY'$/);
  const badId = await call('GET', '/thirdparties/abc');
  t.equal(badId.body.error.message, 'Bad Request: invalid value specified for `id`. Expecting integer value');
});

t.test('PUT merges, bumps the modification date and answers the whole object', async (t) => {
  const { call, clock } = harness(t);
  await call('POST', '/thirdparties', customer);
  clock.advance(30);
  const updated = await call('PUT', '/thirdparties/1', { phone: '0600000000' });
  t.equal(updated.status, 200);
  t.match(updated.body, { id: '1', name: 'Ada Lovelace', email: 'ada@example.com', phone: '0600000000', code_client: 'CU2511-00001' });
  t.equal(updated.body.date_modification, updated.body.date_creation + 30);
  t.equal((await call('PUT', '/thirdparties/9', { phone: '1' })).status, 404);
});

t.test('a back-office edit shows on the pull side', async (t) => {
  const { call, clock, dolibarr } = harness(t);
  await call('POST', '/thirdparties', customer);
  clock.advance(120);
  const edited = dolibarr.editThirdparty(1, { email: 'ada@lovelace.org' });
  t.equal(edited.email, 'ada@lovelace.org');
  t.equal(edited.phone, customer.phone, 'fields left out are kept');
  const changed = await call('GET', `/thirdparties${filterQuery("(t.tms:>=:'20251114100200')")}`);
  t.same(
    changed.body.map((row: { email: string }) => row.email),
    ['ada@lovelace.org'],
  );
  t.throws(() => dolibarr.editThirdparty(42, { name: 'x' }));
});

t.test('GET /thirdparties/email/{email} finds the customer by address, case-insensitively', async (t) => {
  const { call } = harness(t);
  await call('POST', '/thirdparties', customer);
  const answer = await call('GET', '/thirdparties/email/ADA@example.com');
  t.equal(answer.status, 200);
  t.match(answer.body, { id: '1', email: 'ada@example.com' });
  const missing = await call('GET', '/thirdparties/email/nobody@example.com');
  t.equal(missing.status, 404);
  t.equal(missing.body.error.message, 'Not Found: Thirdparty not found');
});

t.test('names, emails and phones are stored as Dolibarr cleans them', async (t) => {
  const { call, dolibarr } = harness(t);
  await call('POST', '/thirdparties', { name: '  Dave <i>Lune</i>  ', email: ' Dave.Lune@Example.COM ', phone: '+33 6 12.34.56 78' });
  t.match(dolibarr.thirdparties()[0], { name: 'Dave Lune', email: 'dave.lune@example.com', phone: '+33612345678' });
  const updated = await call('PUT', '/thirdparties/1', { name: 'Tom &amp; <b>Jerry</b> ' });
  t.equal(updated.body.name, 'Tom & Jerry');
  t.equal(dolibarr.editThirdparty(1, { phone: '06 00 00 00 00' }).phone, '0600000000', 'the back-office cleans the same way');
});

t.test('a name longer than the nom column (128) is a 500 with the database\'s words in "0"', async (t) => {
  const { call, dolibarr } = harness(t);
  const created = await call('POST', '/thirdparties', { name: 'é'.repeat(128) });
  t.equal(created.status, 200, '128 characters fit, however many bytes');
  const tooLong = await call('POST', '/thirdparties', { name: 'x'.repeat(150), email: 'x@example.com' });
  t.equal(tooLong.status, 500);
  t.match(tooLong.body.error, { code: 500, message: 'Internal Server Error: Error creating thirdparty', 0: "Data too long for column 'nom' at row 1" });
  const onUpdate = await call('PUT', '/thirdparties/1', { name: 'y'.repeat(129) });
  t.equal(onUpdate.status, 500);
  t.equal(onUpdate.body.error.message, "Internal Server Error: Data too long for column 'nom' at row 1");
  const longPhone = await call('POST', '/thirdparties', { name: 'P', phone: '+33 1 23 45 67 89 00 11 22 33 44' });
  t.match(longPhone.body.error, { 0: "Data too long for column 'phone' at row 1" });
  t.equal(dolibarr.thirdparties().length, 1, 'nothing half-written');
  t.equal(dolibarr.thirdparties()[0]?.name, 'é'.repeat(128));
});

t.test("t.tms is stamped and compared in the database's zone, read back in PHP's", async (t) => {
  const westOfUtc = harness(t, { databaseTimeZone: 'America/New_York' });
  await westOfUtc.call('POST', '/thirdparties', customer);
  const inUtc = await westOfUtc.call('GET', `/thirdparties${filterQuery("(t.tms:>=:'20251114100000')")}`);
  t.equal(inUtc.status, 404, 'a cursor written in UTC is five hours ahead of the database: nothing found');
  const inNewYork = await westOfUtc.call('GET', `/thirdparties${filterQuery("(t.tms:>=:'20251114050000')")}`);
  t.equal(inNewYork.body.length, 1);
  t.equal(inNewYork.body[0].date_modification, Date.UTC(2025, 10, 14, 10) / 1000, 'PHP in the same zone reads the right instant');

  const disagreeing = harness(t, { databaseTimeZone: 'America/New_York', phpTimeZone: 'UTC' });
  await disagreeing.call('POST', '/thirdparties', customer);
  const read = await disagreeing.call('GET', '/thirdparties/1');
  t.equal(read.body.date_modification, Date.UTC(2025, 10, 14, 5) / 1000, "PHP reads the database's 05:00 as 05:00 UTC");
  t.equal(read.body.date_creation, Date.UTC(2025, 10, 14, 10) / 1000, 'a date PHP wrote itself reads back right');
  t.throws(() => harness(t, { databaseTimeZone: 'Mars/Olympus' }), /databaseTimeZone is not a time zone/);
});
