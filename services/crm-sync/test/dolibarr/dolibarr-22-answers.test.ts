import type { IncomingHttpHeaders } from 'node:http';
import { createDolibarrEmulator, type DolibarrEmulator } from '@lumira/dolibarr-emulator';
import t, { type Test } from 'tap';
import { createDolibarrClient, type DolibarrClient } from '../../src/dolibarr/dolibarr-client.js';
import { netLineFromGross } from '../../src/dolibarr/invoice-lines.js';

/** The answers a real Dolibarr 22.0.4 gave, through the emulator that now gives them too. */

const apiKey = 'crm-sync-22-key';
const timeoutMs = 400;

async function setup(t: Test): Promise<{ dolibarr: DolibarrEmulator; client: DolibarrClient; seen: IncomingHttpHeaders[]; baseUrl: string }> {
  const dolibarr = createDolibarrEmulator({ apiKey, badKeyDelayMs: 5 });
  t.teardown(() => dolibarr.close());
  const baseUrl = await dolibarr.listen();
  const seen: IncomingHttpHeaders[] = [];
  dolibarr.app.server.on('request', (request: { headers: IncomingHttpHeaders }) => seen.push(request.headers));
  return { dolibarr, client: createDolibarrClient({ baseUrl, apiKey, timeoutMs }), seen, baseUrl };
}

/** Settles with the call's outcome, or 'still pending' once well past the client's own deadline. */
async function settled<T>(call: Promise<T>): Promise<{ value?: T; error?: unknown } | 'still pending'> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<'still pending'>((resolve) => {
    timer = setTimeout(() => resolve('still pending'), timeoutMs * 10);
  });
  try {
    return await Promise.race([
      call.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
      guard,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const line = { description: 'Reading', ...netLineFromGross({ unitGrossCents: 1400 }) };

t.test('the validate answer carries null payment figures: read as a validated invoice', async (t) => {
  const { client } = await setup(t);
  const socid = await client.createThirdparty({ name: 'Ada', email: 'ada@example.com', refExt: 'usr_1' });
  const id = await client.createInvoice({ socid, date: new Date(), refExt: 'ord_1', lines: [line] });
  const validated = await client.validateInvoice(id);
  t.match(validated, { id, status: 'validated', totalGrossCents: 1400, remainToPayCents: 1400 }, 'read back: GET computes what remains');
});

t.test('every call asks for identity encoding', async (t) => {
  const { client, seen } = await setup(t);
  await client.getThirdparty(1);
  t.equal(seen.at(-1)?.['accept-encoding'], 'identity');
});

t.test('invoice lines carry every property Facture::create() reads: no PHP warning', async (t) => {
  const { client, dolibarr } = await setup(t);
  const socid = await client.createThirdparty({ name: 'Ada', email: 'ada@example.com', refExt: 'usr_1' });
  await client.createInvoice({ socid, date: new Date(), refExt: 'ord_1', lines: [line] });
  const note = await client.createCreditNote({ socid, sourceInvoiceId: 1, date: new Date(), refExt: 'ord_1-re_1', lines: [line] });
  await client.validateInvoice(note);
  await client.refundCreditNote(note, 1400, { date: new Date(), paymentModeId: 6, accountId: 1, reference: 're_1' });
  t.same(dolibarr.warnings(), []);
  t.match(await client.getInvoice(note), { paid: true, remainToPayCents: 0 }, 'the refund pays the credit note back');
  t.match(dolibarr.payments(), [{ amounts: [{ invoiceId: note, amount: -14 }], num_payment: 're_1' }], 'money leaving the bank account');
});

t.test('a technical error whose body ends by closing the connection is bounded, and read', async (t) => {
  const { client, dolibarr } = await setup(t);
  dolibarr.injectFailure({ path: /^\/thirdparties$/, status: 500, technicalError: 'close' });
  const outcome = await settled(client.createThirdparty({ name: 'Ada', email: 'ada@example.com', refExt: 'usr_1' }));
  t.not(outcome, 'still pending', 'the call settles');
  t.match(outcome, { error: { name: 'DolibarrError', category: 'outage', status: 500 } }, 'a lock wait is an outage');
  const { error } = outcome as { error: Error & { details: string[] } };
  t.match(error.message, /technical error/, 'says Dolibarr printed an error page');
  t.same(error.details, ['Lock wait timeout exceeded; try restarting transaction'], "Dolibarr's own words");
});

t.test('a technical error in chunks is read, not taken for a cut connection', async (t) => {
  const { client, dolibarr } = await setup(t);
  dolibarr.injectFailure({ path: /^\/thirdparties$/, status: 500, technicalError: 'chunked', detail: "Data too long for column 'nom' at row 1" });
  const outcome = await settled(client.createThirdparty({ name: 'Ada', email: 'ada@example.com', refExt: 'usr_1' }));
  t.match(outcome, { error: { category: 'refused', details: ["Data too long for column 'nom' at row 1"] } });
});

t.test('PHP output in front of a successful answer: the answer is kept', async (t) => {
  const { client, dolibarr } = await setup(t);
  dolibarr.injectFailure({ method: 'POST', path: /^\/thirdparties$/, status: 500, technicalError: 'close', afterCommit: true });
  t.equal(await client.createThirdparty({ name: 'Ada', email: 'ada@example.com', refExt: 'usr_1' }), 1);
  t.equal(dolibarr.thirdparties().length, 1);
});

t.test('answers are sorted into outage, configuration and permanent refusal', async (t) => {
  const { client, dolibarr, baseUrl } = await setup(t);
  const ada = { name: 'Ada', email: 'ada@example.com', refExt: 'usr_1' };

  dolibarr.injectFailure({ path: /^\/thirdparties$/, status: 500, detail: "Data too long for column 'nom' at row 1" });
  const refused = await client.createThirdparty(ada).catch((e: unknown) => e);
  t.match(refused, { category: 'refused', status: 500, details: ["Data too long for column 'nom' at row 1"] });
  t.match((refused as Error).message, /Data too long for column 'nom'/, 'the database detail is in the message');

  dolibarr.injectFailure({ path: /^\/thirdparties$/, status: 500 });
  t.match(await client.createThirdparty(ada).catch((e: unknown) => e), { category: 'outage', retryable: true }, 'a lock wait passes');

  dolibarr.injectFailure({ path: /^\/thirdparties$/, status: 502 });
  t.match(await client.createThirdparty(ada).catch((e: unknown) => e), { category: 'outage' }, "a proxy's 502 passes");

  const unknownRoute = createDolibarrClient({ baseUrl: `${baseUrl}/api/index.php`, apiKey });
  const notFound = await unknownRoute.getThirdparty(1).catch((e: unknown) => e);
  t.match(
    notFound,
    { category: 'configuration', status: 501, retryable: false },
    'DOLIBARR_URL ending in /api/index.php: a 501, a wrong URL rather than an outage',
  );

  dolibarr.setMode('html');
  t.match(await client.getThirdparty(1).catch((e: unknown) => e), { category: 'configuration', status: 200 });
  dolibarr.setMode('up');
  t.match(await client.addInvoicePayment(99, { date: new Date(), paymentModeId: 6, accountId: 1, reference: 'pi_1' }).catch((e: unknown) => e), {
    category: 'refused',
    status: 404,
  });
});
