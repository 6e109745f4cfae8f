import t from 'tap';
import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { technicalErrorPage } from '../src/answer-encoding.js';
import { waitFor } from '@lumira/testing';
import { apiKey, filterQuery, harness } from './helper.js';

t.test('no key: 401 with the message of DolibarrApiAccess', async (t) => {
  const { call } = harness(t);
  const answer = await call('GET', '/invoices', undefined, {});
  t.equal(answer.status, 401);
  t.match(answer.body.error.message, /^Unauthorized: Failed to login to API\. Neither parameter 'HTTP_DOLAPIKEY'/);
});

t.test('a wrong key is refused only after the anti brute force delay', async (t) => {
  const { call } = harness(t, { badKeyDelayMs: 80 });
  const started = performance.now();
  const answer = await call('GET', '/invoices', undefined, { dolapikey: 'wrong' });
  t.ok(performance.now() - started >= 75, 'waited the delay');
  t.equal(answer.status, 401);
  t.match(answer.body.error.message, /^Unauthorized: Error user not valid/);
});

t.test('the key is also accepted from the query string and as a Bearer token', async (t) => {
  const { call } = harness(t);
  t.equal((await call('GET', `/invoices?DOLAPIKEY=${apiKey}`, undefined, {})).status, 200);
  t.equal((await call('GET', `/invoices?api_key=${apiKey}`, undefined, {})).status, 200);
  t.equal((await call('GET', '/invoices', undefined, { authorization: `Bearer ${apiKey}` })).status, 200);
});

t.test('html mode: the API module is off and every call answers 200 text/html', async (t) => {
  const { call, dolibarr } = harness(t);
  dolibarr.setMode('html');
  for (const answer of [
    await call('GET', '/thirdparties/1'),
    await call('POST', '/thirdparties', { name: 'x' }),
    await call('GET', '/invoices', undefined, {}),
  ]) {
    t.equal(answer.status, 200);
    t.match(answer.type, /^text\/html/);
    t.equal(answer.raw, 'Module <b>Api</b> must be enabled.<br><br>To activate modules, go on setup Area (Home-&gt;Setup-&gt;Modules).');
  }
  t.same(dolibarr.thirdparties(), [], 'nothing was created');
  dolibarr.setMode('up');
  t.equal((await call('GET', '/invoices')).status, 200);
});

t.test('down mode answers 503 with an HTML page', async (t) => {
  const { call, dolibarr } = harness(t);
  dolibarr.setMode('down');
  const answer = await call('GET', '/invoices');
  t.equal(answer.status, 503);
  t.match(answer.type, /^text\/html/);
});

t.test('injected failures match method and path, and run out', async (t) => {
  const { call, dolibarr } = harness(t);
  dolibarr.injectFailure({ method: 'POST', path: /^\/thirdparties$/, status: 502, times: 2 });
  t.equal((await call('GET', '/invoices')).status, 200, 'another call is not affected');
  const first = await call('POST', '/thirdparties', { name: 'A' });
  t.equal(first.status, 502);
  t.match(first.type, /^text\/html/);
  t.equal((await call('POST', '/thirdparties', { name: 'A' })).status, 502);
  t.equal((await call('POST', '/thirdparties', { name: 'A' })).status, 200);
  t.equal(dolibarr.thirdparties().length, 1, 'the failed calls changed nothing');
  dolibarr.injectFailure({ status: 500 });
  const internal = await call('GET', '/invoices');
  t.equal(internal.status, 500);
  t.equal(internal.body.error.code, 500);
});

t.test('a failure after commit makes the change but loses the answer', async (t) => {
  const { call, dolibarr } = harness(t);
  dolibarr.injectFailure({ path: /^\/thirdparties$/, status: 503, afterCommit: true });
  const answer = await call('POST', '/thirdparties', { name: 'A', ref_ext: 'usr_1' });
  t.equal(answer.status, 503);
  t.match(dolibarr.thirdparties(), [{ name: 'A', ref_ext: 'usr_1' }]);
});

t.test('setDelay and slow mode hold the calls', async (t) => {
  const { call, dolibarr } = harness(t, { slowDelayMs: 60 });
  dolibarr.setDelay(40);
  let started = performance.now();
  t.equal((await call('GET', '/invoices')).status, 200);
  t.ok(performance.now() - started >= 35, 'the delay applies');
  dolibarr.setDelay(0);
  dolibarr.setMode('slow');
  started = performance.now();
  t.equal((await call('GET', '/invoices')).status, 200);
  t.ok(performance.now() - started >= 55, 'slow mode applies its own delay');
});

t.test('closing does not wait for a held call', async (t) => {
  const { dolibarr } = harness(t, { slowDelayMs: 60_000 });
  const baseUrl = await dolibarr.listen();
  const arrived = new Promise((resolve) => dolibarr.app.server.once('request', resolve));
  dolibarr.setMode('slow');
  const pending = fetch(`${baseUrl}/api/index.php/invoices`, { headers: { DOLAPIKEY: apiKey } }).then(
    () => 'answered',
    () => 'cut',
  );
  await arrived;
  const started = performance.now();
  await dolibarr.close();
  t.ok(performance.now() - started < 1000);
  t.ok(['answered', 'cut'].includes(await pending));
});

t.test('listen answers the base URL the API lives under', async (t) => {
  const { dolibarr } = harness(t);
  const baseUrl = await dolibarr.listen();
  t.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  const answer = await fetch(`${baseUrl}/api/index.php/thirdparties`, {
    method: 'POST',
    headers: { DOLAPIKEY: apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Over the wire' }),
  });
  t.equal(await answer.text(), '1');
});

t.test("a URL naming no API file is a 501 text/html before any key check; an unknown route of a known API is Restler's 404", async (t) => {
  const { call, dolibarr } = harness(t);
  const noFile = await call('GET', '/nothing-here', undefined, {});
  t.equal(noFile.status, 501);
  t.match(noFile.type, /^text\/html/);
  t.equal(noFile.raw, 'API not found (failed to include API file)');
  const unknown = await call('GET', '/thirdparties/1/nothing');
  t.equal(unknown.status, 404);
  t.same(unknown.body.error, { code: 404, message: 'Not Found' });
  t.match((await call('GET', '/status')).body, { success: { code: 200, dolibarr_version: '22.0.4' } });
  const broken = await dolibarr.app.inject({
    method: 'POST',
    url: '/api/index.php/thirdparties',
    headers: { dolapikey: apiKey, 'content-type': 'application/json' },
    payload: '{"name":',
  });
  t.equal(broken.statusCode, 400);
  t.equal(broken.json().error.message, 'Bad Request: Error encoding/decoding JSON: Syntax error');
});

t.test('answers are gzip-encoded when the client allows it, never when it asks for identity', async (t) => {
  const { call } = harness(t);
  await call('POST', '/thirdparties', { name: 'Zipped' });
  const zipped = await call('GET', '/thirdparties/1', undefined, { dolapikey: apiKey, 'accept-encoding': 'gzip, deflate, br' });
  t.equal(zipped.headers['content-encoding'], 'gzip');
  t.match(JSON.parse(gunzipSync(zipped.bytes).toString()), { name: 'Zipped' });
  const refused = await call('GET', '/thirdparties/9', undefined, { dolapikey: apiKey, 'accept-encoding': 'gzip' });
  t.equal(refused.headers['content-encoding'], 'gzip', 'errors too');
  t.equal(JSON.parse(gunzipSync(refused.bytes).toString()).error.code, 404);
  const identity = await call('GET', '/thirdparties/1', undefined, { dolapikey: apiKey, 'accept-encoding': 'identity' });
  t.equal(identity.headers['content-encoding'], undefined);
  t.equal(identity.body.name, 'Zipped');
});

/** The bytes a server sends, read from the socket until it closes. */
async function rawExchange(baseUrl: string, path: string, headers: Record<string, string>): Promise<{ head: string; body: Buffer }> {
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  const lines = [`GET /api/index.php${path} HTTP/1.1`, `Host: ${url.host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''];
  socket.end(lines.join('\r\n'));
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const all = Buffer.concat(chunks);
  const split = all.indexOf('\r\n\r\n');
  return { head: all.subarray(0, split).toString(), body: all.subarray(split + 4) };
}

t.test('a PHP technical error: HTML in front of the gzip data, under a JSON type, framed by length, chunks or close', async (t) => {
  const { dolibarr } = harness(t);
  const baseUrl = await dolibarr.listen();
  const headers = { DOLAPIKEY: apiKey, 'Accept-Encoding': 'gzip' };

  dolibarr.injectFailure({ path: /^\/invoices$/, status: 500, technicalError: 'close' });
  const closed = await rawExchange(baseUrl, '/invoices', { ...headers, Connection: 'keep-alive' });
  t.match(closed.head, /^HTTP\/1\.1 500 /);
  t.match(closed.head, /content-type: application\/json/i);
  t.match(closed.head, /content-encoding: gzip/i);
  t.notMatch(closed.head, /content-length|transfer-encoding/i, 'the body ends when the connection closes');
  t.ok(closed.body.subarray(0, technicalErrorPage.length).equals(Buffer.from(technicalErrorPage)), 'HTML first');
  const gzipped = closed.body.subarray(technicalErrorPage.length);
  t.same([gzipped[0], gzipped[1]], [0x1f, 0x8b], 'then gzip data');
  t.match(JSON.parse(gunzipSync(gzipped).toString()).error, { code: 500, 0: 'Lock wait timeout exceeded; try restarting transaction' });

  dolibarr.injectFailure({ path: /^\/invoices$/, status: 500, technicalError: 'chunked' });
  const chunked = await rawExchange(baseUrl, '/invoices', { ...headers, Connection: 'close' });
  t.match(chunked.head, /transfer-encoding: chunked/i);

  dolibarr.injectFailure({ path: /^\/invoices$/, status: 500, technicalError: 'length' });
  const plain = await rawExchange(baseUrl, '/invoices', { DOLAPIKEY: apiKey, 'Accept-Encoding': 'identity', Connection: 'close' });
  t.match(plain.head, /content-length: \d+/i);
  t.notMatch(plain.head, /content-encoding/i);
  t.match(plain.body.toString(), /^<div class="error">[^]*<\/div>\n\{"error":\{/, 'without gzip: HTML then JSON');

  dolibarr.injectFailure({ method: 'POST', path: /^\/thirdparties$/, status: 500, technicalError: 'length', afterCommit: true });
  const created = await fetch(`${baseUrl}/api/index.php/thirdparties`, {
    method: 'POST',
    headers: { DOLAPIKEY: apiKey, 'Accept-Encoding': 'identity', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Late' }),
  });
  t.equal(created.status, 200, 'after commit: the real answer');
  t.equal(await created.text(), `${technicalErrorPage}1`, 'behind the HTML');
  t.equal(dolibarr.thirdparties().length, 1);
});

t.test('a write whose client gave up still commits, late', async (t) => {
  const { dolibarr } = harness(t, { slowDelayMs: 300 });
  const baseUrl = await dolibarr.listen();
  dolibarr.setMode('locked');
  const gaveUp = await fetch(`${baseUrl}/api/index.php/thirdparties`, {
    method: 'POST',
    headers: { DOLAPIKEY: apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Late' }),
    signal: AbortSignal.timeout(50),
  }).catch((error: unknown) => error);
  t.match(gaveUp, { name: 'TimeoutError' });
  t.same(dolibarr.thirdparties(), [], 'not yet');
  await waitFor(() => dolibarr.thirdparties().length === 1, { what: 'the late commit' });
});

t.test('locked mode: a write waits and commits late, reads answer at once without seeing it', async (t) => {
  const { call, dolibarr } = harness(t, { slowDelayMs: 300 });
  dolibarr.setMode('locked');
  const write = call('POST', '/thirdparties', { name: 'Late', ref_ext: 'usr_late' });
  const read = await call('GET', `/thirdparties${filterQuery("(t.ref_ext:=:'usr_late')")}`);
  t.equal(read.status, 404, 'the write has not committed');
  t.equal((await write).status, 200);
  t.equal((await call('GET', `/thirdparties${filterQuery("(t.ref_ext:=:'usr_late')")}`)).body.length, 1, 'now it has');
});

t.test('options are checked when the emulator is built', async (t) => {
  t.throws(() => harness(t, { apiKey: '' }), /apiKey is required/);
  t.throws(() => harness(t, { badKeyDelayMs: -1 }), /badKeyDelayMs/);
});
