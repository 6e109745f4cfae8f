import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createDolibarrEmulator, type DolibarrEmulator } from '@lumira/dolibarr-emulator';
import t, { type Test } from 'tap';
import { createDolibarrClient, type DolibarrClient } from '../../src/dolibarr/dolibarr-client.js';
import { netLineFromGross } from '../../src/dolibarr/invoice-lines.js';

const apiKey = 'crm-sync-test-key';
const payment = { date: new Date('2025-11-14T10:05:00Z'), paymentModeId: 6, accountId: 1, reference: 'pi_3QabcDEF' };

interface Setup {
  dolibarr: DolibarrEmulator;
  client: DolibarrClient;
  baseUrl: string;
  clock: { now: Date; advance(seconds: number): void };
  /** Calls that reached the network. */
  calls: string[];
}

async function setup(t: Test, options: { timeoutMs?: number; apiKey?: string } = {}): Promise<Setup> {
  const clock = {
    now: new Date('2025-11-14T10:00:00Z'),
    advance(seconds: number) {
      clock.now = new Date(clock.now.getTime() + seconds * 1000);
    },
  };
  const dolibarr = createDolibarrEmulator({ apiKey, badKeyDelayMs: 10, now: () => clock.now });
  t.teardown(() => dolibarr.close());
  const baseUrl = await dolibarr.listen();
  const calls: string[] = [];
  dolibarr.app.server.on('request', (request: IncomingMessage) => calls.push(`${request.method} ${request.url}`));
  const client = createDolibarrClient({ baseUrl, apiKey: options.apiKey ?? apiKey, timeoutMs: options.timeoutMs ?? 2000 });
  t.teardown(() => client.close());
  return { dolibarr, client, baseUrl, clock, calls };
}

const ada = { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+33102030405', refExt: 'usr_ada' };

t.test('thirdparties: create, read, find, update', async (t) => {
  const { client, clock } = await setup(t);
  t.equal(await client.findThirdpartyByEmail('ada@example.com'), null, 'the 404 of an empty list is "none"');
  const id = await client.createThirdparty(ada);
  t.equal(id, 1);
  const created = await client.getThirdparty(id);
  t.same(created, {
    id: 1,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+33102030405',
    refExt: 'usr_ada',
    customerCode: 'CU2511-00001',
    createdAt: new Date('2025-11-14T10:00:00Z'),
    modifiedAt: new Date('2025-11-14T10:00:00Z'),
  });
  t.equal((await client.findThirdpartyByEmail(' ADA@example.com '))?.id, 1);
  t.equal((await client.findThirdpartyByRefExt('usr_ada'))?.id, 1);
  t.equal(await client.findThirdpartyByRefExt('usr_other'), null);
  t.equal(await client.getThirdparty(99), null);
  clock.advance(90);
  const updated = await client.updateThirdparty(id, { phone: '0600000000', refExt: 'usr_ada2' });
  t.match(updated, { id: 1, name: 'Ada Lovelace', phone: '0600000000', refExt: 'usr_ada2', modifiedAt: new Date('2025-11-14T10:01:30Z') });
});

t.test('pulls the customers changed since a cursor, oldest change first, page by page', async (t) => {
  const { client, clock, dolibarr } = await setup(t);
  for (const name of ['A', 'B', 'C']) {
    await client.createThirdparty({ name, email: `${name.toLowerCase()}@example.com`, refExt: `usr_${name}` });
    clock.advance(60);
  }
  dolibarr.editThirdparty(1, { email: 'a@elsewhere.com' });
  const cursor = '20251114100100';
  const firstPage = await client.listThirdpartiesModifiedSince(cursor, { limit: 2 });
  t.same(
    firstPage.map((row) => row.name),
    ['B', 'C'],
  );
  const secondPage = await client.listThirdpartiesModifiedSince(cursor, { limit: 2, page: 1 });
  t.same(
    secondPage.map((row) => [row.name, row.email]),
    [['A', 'a@elsewhere.com']],
  );
  t.same(await client.listThirdpartiesModifiedSince('20300101000000'), [], 'nothing changed: [] rather than a 404');
});

t.test('values that could inject SQL through sqlfilters never leave the client', async (t) => {
  const { client, calls, dolibarr } = await setup(t);
  await client.createThirdparty(ada);
  const before = calls.length;
  for (const attempt of ["x') or (t.rowid:>:0", "ada@example.com' or '1'='1", 'a:b']) {
    await t.rejects(client.findThirdpartyByEmail(attempt), { name: 'DolibarrError', kind: 'client', retryable: false });
    await t.rejects(client.findThirdpartyByRefExt(attempt), { name: 'DolibarrError', kind: 'client' });
    await t.rejects(client.findInvoiceByRefExt(attempt), { name: 'DolibarrError', kind: 'client' });
  }
  t.equal(calls.length, before, 'no request was sent');
  t.equal(dolibarr.thirdparties().length, 1);
});

t.test('an invoice from the amounts paid: created, validated, paid', async (t) => {
  const { client, dolibarr } = await setup(t);
  const socid = await client.createThirdparty(ada);
  t.equal(await client.findInvoiceByRefExt('pi_3QabcDEF'), null);
  const id = await client.createInvoice({
    socid,
    date: new Date('2025-11-14T10:04:00Z'),
    refExt: 'pi_3QabcDEF',
    lines: [
      { description: 'Tarot reading', ...netLineFromGross({ unitGrossCents: 1400 }) },
      { description: 'Birth chart', ...netLineFromGross({ unitGrossCents: 2900 }) },
      { description: 'Book', kind: 'product', ...netLineFromGross({ unitGrossCents: 4900, vatRate: 5.5 }) },
    ],
  });
  const draft = await client.findInvoiceByRefExt('pi_3QabcDEF');
  t.match(draft, { id, ref: `(PROV${id})`, status: 'draft', paid: false, kind: 'standard', socid, totalGrossCents: 9200, remainToPayCents: 9200 });
  t.equal((draft?.totalNetCents ?? 0) + (draft?.totalVatCents ?? 0), 9200);

  const validated = await client.validateInvoice(id);
  t.match(validated, { id, ref: 'FA2511-0001', status: 'validated' });
  const again = await client.validateInvoice(id);
  t.same(again, validated, 'the 304 of an invoice already validated reads it back');

  const paymentId = await client.addInvoicePayment(id, payment);
  t.equal(paymentId, 1);
  t.match(await client.getInvoice(id), { status: 'paid', paid: true, remainToPayCents: 0 });
  t.match(dolibarr.payments(), [{ num_payment: 'pi_3QabcDEF', paymentModeId: 6, accountId: 1, amounts: [{ invoiceId: id, amount: 92 }] }]);
  t.match(dolibarr.invoices()[0]?.lines, [{ product_type: 1 }, { product_type: 1 }, { product_type: 0, tva_tx: 5.5 }]);

  await t.rejects(client.addInvoicePayment(id, payment), {
    name: 'DolibarrError',
    kind: 'refused',
    category: 'refused',
    status: 400,
    retryable: false,
    message: 'Bad Request: Payment error : TotalAmountEmpty',
  });
  t.equal(await client.getInvoice(404), null);
});

t.test('a credit note carries negative lines and validates', async (t) => {
  const { client } = await setup(t);
  const socid = await client.createThirdparty(ada);
  const line = { description: 'Tarot reading', ...netLineFromGross({ unitGrossCents: 1400 }) };
  const invoiceId = await client.createInvoice({ socid, date: new Date('2025-11-14T10:04:00Z'), refExt: 'pi_1', lines: [line] });
  await client.validateInvoice(invoiceId);
  const creditId = await client.createCreditNote({ socid, sourceInvoiceId: invoiceId, date: new Date('2025-11-20T09:00:00Z'), refExt: 're_1', lines: [line] });
  const credit = await client.validateInvoice(creditId);
  t.match(credit, {
    kind: 'credit_note',
    ref: 'AV2511-0001',
    status: 'validated',
    sourceInvoiceId: invoiceId,
    totalNetCents: -1167,
    totalVatCents: -233,
    totalGrossCents: -1400,
  });
});

t.test('error kinds', async (t) => {
  t.test('a wrong key is an auth error, and the message never shows the key', async (t) => {
    const { client } = await setup(t, { apiKey: 'the-wrong-secret-key' });
    const error = await client.getThirdparty(1).catch((caught: unknown) => caught);
    t.match(error, { name: 'DolibarrError', kind: 'auth', category: 'configuration', status: 401, retryable: false });
    t.match((error as Error).message, /^Unauthorized: Error user not valid/);
    t.notMatch((error as Error).message, /the-wrong-secret-key/);
  });

  t.test('the API module switched off: HTML with a 200 is not_json', async (t) => {
    const { client, dolibarr } = await setup(t);
    dolibarr.setMode('html');
    await t.rejects(client.findThirdpartyByEmail('ada@example.com'), {
      name: 'DolibarrError',
      kind: 'not_json',
      category: 'configuration',
      status: 200,
      retryable: false,
    });
    await t.rejects(client.createThirdparty(ada), { name: 'DolibarrError', kind: 'not_json' });
  });

  t.test("a proxy's 5xx page and a busy database are retryable outages", async (t) => {
    const { client, dolibarr } = await setup(t);
    dolibarr.setMode('down');
    await t.rejects(client.getThirdparty(1), { name: 'DolibarrError', kind: 'server', category: 'outage', status: 503, retryable: true });
    dolibarr.setMode('up');
    dolibarr.injectFailure({ method: 'POST', path: /^\/thirdparties$/, status: 500 });
    await t.rejects(client.createThirdparty(ada), {
      name: 'DolibarrError',
      kind: 'server',
      status: 500,
      message: 'Internal Server Error: Injected failure: Lock wait timeout exceeded; try restarting transaction',
    });
  });

  t.test('a slow answer is a retryable timeout', async (t) => {
    const { client, dolibarr } = await setup(t, { timeoutMs: 50 });
    dolibarr.setDelay(400);
    await t.rejects(client.getThirdparty(1), { name: 'DolibarrError', kind: 'timeout', category: 'outage', status: undefined, retryable: true });
  });

  t.test('a closed port is unreachable', async (t) => {
    const { baseUrl, dolibarr } = await setup(t);
    await dolibarr.close();
    const client = createDolibarrClient({ baseUrl, apiKey });
    t.teardown(() => client.close());
    const error = await client.getThirdparty(1).catch((caught: unknown) => caught);
    t.match(error, { kind: 'unreachable', retryable: true });
    t.match((error as Error).message, /ECONNREFUSED/);
    t.notMatch((error as Error).message, new RegExp(apiKey));
  });

  t.test('other 4xx are refusals carrying Dolibarr message', async (t) => {
    const { client } = await setup(t);
    const socid = await client.createThirdparty(ada);
    const id = await client.createInvoice({ socid, date: new Date(), refExt: 'pi_2', lines: [] });
    await t.rejects(client.addInvoicePayment(id, payment), { name: 'DolibarrError', kind: 'refused', status: 400, retryable: false });
    await t.rejects(client.getInvoice(0), { name: 'DolibarrError', kind: 'client', category: 'refused', message: 'not a Dolibarr id: 0' });
  });
});

/** A server that answers every request with `respond`, and remembers the requests. */
async function stubServer(t: Test, respond: (response: ServerResponse) => void): Promise<{ client: DolibarrClient; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    seen.push(request);
    respond(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as { port: number };
  const client = createDolibarrClient({ baseUrl: `http://127.0.0.1:${port}/`, apiKey, timeoutMs: 300 });
  t.teardown(() => client.close());
  return { client, seen };
}

t.test('answers from something other than the expected endpoint', async (t) => {
  const redirected = await stubServer(t, (r) => r.writeHead(302, { location: 'http://elsewhere.invalid/login' }).end());
  await t.rejects(redirected.client.getThirdparty(1), { name: 'DolibarrError', kind: 'wrong_url', category: 'configuration', status: 302 });
  t.equal(redirected.seen.length, 1, 'redirects are not followed with the key');
  t.equal(redirected.seen[0]?.headers.dolapikey, apiKey);

  const wrongShape = await stubServer(t, (r) => r.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}'));
  await t.rejects(wrongShape.client.getThirdparty(1), { name: 'DolibarrError', kind: 'not_json', message: /unexpected shape/ });

  const htmlNotFound = await stubServer(t, (r) => r.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>'));
  await t.rejects(
    htmlNotFound.client.getThirdparty(1),
    { name: 'DolibarrError', category: 'configuration', status: 404 },
    'an HTML 404 is a wrong URL, not "no such thirdparty"',
  );
});

t.test('every part of a call is bounded: a server that sends headers and then trickles the body forever', async (t) => {
  const trickle = await stubServer(t, (r) => {
    r.writeHead(200, { 'content-type': 'application/json' });
    r.write('{');
    const timer = setInterval(() => r.write(' '), 50);
    r.on('close', () => clearInterval(timer));
  });
  await t.rejects(trickle.client.getThirdparty(1), { name: 'DolibarrError', kind: 'timeout', category: 'outage' });
  const silent = await stubServer(t, () => undefined);
  await t.rejects(silent.client.getThirdparty(1), { name: 'DolibarrError', kind: 'timeout' }, 'no headers at all');
});

t.test('options are checked when the client is built', async (t) => {
  t.throws(() => createDolibarrClient({ baseUrl: 'dolibarr.example.com', apiKey }), /baseUrl must be an http\(s\) URL/);
  t.throws(() => createDolibarrClient({ baseUrl: 'https://dolibarr.example.com', apiKey: '' }), /apiKey is required/);
  t.throws(() => createDolibarrClient({ baseUrl: 'https://dolibarr.example.com', apiKey, timeoutMs: 0 }), /timeoutMs/);
});
