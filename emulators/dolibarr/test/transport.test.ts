import t from 'tap';
import { apiKey, harness } from './helper.js';

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
  for (const answer of [await call('GET', '/thirdparties/1'), await call('POST', '/thirdparties', { name: 'x' }), await call('GET', '/invoices', undefined, {})]) {
    t.equal(answer.status, 200);
    t.match(answer.type, /^text\/html/);
    t.match(answer.raw, /Module API disabled/);
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

t.test('unknown routes and bad bodies answer in the Dolibarr error format', async (t) => {
  const { call, dolibarr } = harness(t);
  const unknown = await call('GET', '/nothing-here');
  t.equal(unknown.status, 404);
  t.same(unknown.body.error, { code: 404, message: 'Not Found' });
  const broken = await dolibarr.app.inject({
    method: 'POST',
    url: '/api/index.php/thirdparties',
    headers: { dolapikey: apiKey, 'content-type': 'application/json' },
    payload: '{"name":',
  });
  t.equal(broken.statusCode, 400);
  t.equal(broken.json().error.code, 400);
});

t.test('options are checked when the emulator is built', async (t) => {
  t.throws(() => harness(t, { apiKey: '' }), /apiKey is required/);
  t.throws(() => harness(t, { badKeyDelayMs: -1 }), /badKeyDelayMs/);
});
