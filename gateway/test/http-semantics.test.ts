import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import t, { type Test } from 'tap';
import { pino } from 'pino';
import { loadConfig } from '@lumira/config';
import { buildGatewayApp, gatewayConfig } from '@lumira/gateway';
import { rawHttp, waitFor, type RawResponse } from '@lumira/testing';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A service that records what reaches it, byte for byte, and answers with hop-by-hop headers of its own. */
async function recordingService(t: Test) {
  const received: Received[] = [];
  const server = createServer((req, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // The gateway's own document fetches are not what the tests look at.
      if (req.url === '/openapi.json') return void res.end('{}');
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, {
        'content-type': 'application/json',
        connection: 'keep-alive, x-hop',
        'keep-alive': 'timeout=5',
        'x-hop': 'for this connection only',
        'proxy-authenticate': 'Basic realm="upstream"',
        upgrade: 'h2c',
        'x-end-to-end': 'kept',
      });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received };
}

/** The gateway on a real port in front of that service, its log lines kept for inspection. */
async function gateway(t: Test, env: Record<string, string> = {}) {
  const service = await recordingService(t);
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  const urls = { PAYMENT_URL: service.url, ORDER_URL: service.url, USER_URL: service.url, NOTIFICATION_URL: service.url, CRM_SYNC_URL: service.url };
  const config = loadConfig('gateway', gatewayConfig, { LOG_LEVEL: 'debug', RATE_LIMIT_MAX: '100000', BODY_LIMIT_BYTES: '4096', ...urls, ...env });
  const app = await buildGatewayApp({ config, logger: pino({ level: 'debug' }, sink) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  return { port: (app.server.address() as { port: number }).port, received: service.received, lines };
}

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: shop\r\n${extra}\r\n`;
const post = (path: string, body: string, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
const chunkedHead = (path: string) => `POST ${path} HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
const chunk = (data: string) => `${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`;

function errorCode(res: RawResponse | undefined): string | undefined {
  return (JSON.parse(res?.body ?? '{}') as { error?: { code?: string; requestId?: string } }).error?.code;
}

t.test('hop-by-hop request headers stay at the gateway; end-to-end ones reach the service', async (t) => {
  const gw = await gateway(t);
  const headers = [
    'Connection: keep-alive, X-Client-Hop',
    'X-Client-Hop: secret',
    'Keep-Alive: timeout=5, max=100',
    'Proxy-Authorization: Basic c2VjcmV0',
    'Proxy-Connection: keep-alive',
    'TE: trailers',
    'Trailer: X-Checksum',
    'Upgrade: h2c',
    'X-Shop-Trace: abc',
    '',
  ].join('\r\n');
  const res = await rawHttp(gw.port, { parts: [get('/api/products', headers)], responses: 1 });
  t.equal(res.responses[0]?.status, 200, 'answered (the service used to refuse these with 502)');
  const seen = gw.received[0]!.headers;
  t.notMatch(seen.connection ?? '', /x-client-hop/i, "the client's Connection header is not the one forwarded");
  for (const name of ['x-client-hop', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'upgrade', 'transfer-encoding']) {
    t.equal(seen[name], undefined, `${name} not forwarded`);
  }
  t.equal(seen['x-shop-trace'], 'abc');
  t.equal(seen['x-request-id'], res.responses[0]!.headers['x-request-id']);
});

t.test("the service's hop-by-hop headers stay at the gateway; Connection: close from the client is honoured", async (t) => {
  const gw = await gateway(t);
  const kept = await rawHttp(gw.port, { parts: [get('/api/products')], responses: 1 });
  const head = kept.responses[0]!.headers;
  for (const name of ['x-hop', 'proxy-authenticate', 'upgrade']) t.equal(head[name], undefined, `${name} not passed back`);
  t.not(head['keep-alive'], 'timeout=5', "the service's keep-alive is not passed back");
  t.equal(head['x-end-to-end'], 'kept');

  const closing = await rawHttp(gw.port, { parts: [get('/api/products', 'Connection: close\r\n')] });
  t.equal(closing.responses[0]?.status, 200);
  t.equal(closing.responses[0]?.headers.connection, 'close');
  t.ok(closing.closedByServer, 'the gateway closed the connection');
  t.notOk(closing.reset);

  const old = await rawHttp(gw.port, { parts: ['GET /api/products HTTP/1.0\r\nHost: shop\r\n\r\n'] });
  t.equal(old.responses[0]?.status, 200);
  t.ok(old.closedByServer, 'an HTTP/1.0 client without keep-alive gets its connection closed');
});

t.test('Expect: 100-continue is answered when the body is wanted, and not when it is refused', async (t) => {
  const gw = await gateway(t);
  const body = JSON.stringify({ note: 'x'.repeat(1500) });
  const head = `POST /api/payments/create-payment-intent HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`;
  const res = await rawHttp(gw.port, { parts: [head, body], awaitContinue: true, responses: 1 });
  t.same(res.interim, [100], '100 Continue first');
  t.equal(res.responses[0]?.status, 200);
  t.equal(gw.received[0]!.body.toString(), body, 'the body arrived whole');
  t.equal(gw.received[0]!.headers.expect, undefined, 'the expectation is not passed on');

  const tooLarge = `POST /api/payments/create-payment-intent HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: 999999\r\nExpect: 100-continue\r\n\r\n`;
  const refused = await rawHttp(gw.port, { parts: [tooLarge] });
  t.same(refused.interim, [], 'no 100 for a body that will be refused');
  t.equal(refused.responses[0]?.status, 413);
  t.equal(errorCode(refused.responses[0]), 'FST_ERR_CTP_BODY_TOO_LARGE');
  t.equal(gw.received.length, 1);
});

t.test('a declared length over the limit is a 413, and the connection carries the next request', async (t) => {
  const gw = await gateway(t);
  const big = JSON.stringify({ pad: 'x'.repeat(10_000) });
  const res = await rawHttp(gw.port, { parts: [post('/api/payments/create-payment-intent', big), get('/api/products')], responses: 2 });
  t.same(
    res.responses.map((r) => r.status),
    [413, 200],
  );
  t.equal(errorCode(res.responses[0]), 'FST_ERR_CTP_BODY_TOO_LARGE');
  t.notOk(res.reset);
  t.same(
    gw.received.map((r) => r.url),
    ['/api/products'],
    'nothing of the large body was forwarded',
  );
});

t.test('a chunked body over the limit is a 413 (not a 502 or a dropped connection)', async (t) => {
  const gw = await gateway(t);
  const pieces = Array.from({ length: 40 }, () => chunk('y'.repeat(500)));
  const res = await rawHttp(gw.port, {
    parts: [chunkedHead('/api/payments/create-payment-intent'), ...pieces, '0\r\n\r\n', get('/api/products')],
    responses: 2,
  });
  t.same(
    res.responses.map((r) => r.status),
    [413, 200],
  );
  t.equal(errorCode(res.responses[0]), 'FST_ERR_CTP_BODY_TOO_LARGE');
  t.notOk(res.reset, 'no reset');
  t.same(
    gw.received.map((r) => r.url),
    ['/api/products'],
    'the service never received a complete oversized request',
  );
});

t.test('a chunked body within the limit reaches the service byte for byte', async (t) => {
  const gw = await gateway(t);
  const parts = ['{"a" : 1,', ' "b":"caf\\u00e9 ✓" ', ',"c":[1, 2 ,3]}  '];
  const res = await rawHttp(gw.port, { parts: [chunkedHead('/api/webhooks/stripe'), ...parts.flatMap((p) => [chunk(p), 5]), '0\r\n\r\n'], responses: 1 });
  t.equal(res.responses[0]?.status, 200);
  t.equal(gw.received[0]!.body.toString('utf8'), parts.join(''));
});

t.test('the body limit is per route: the webhook takes what checkout refuses', async (t) => {
  const gw = await gateway(t);
  const body = JSON.stringify({ pad: 'z'.repeat(100_000) });
  const webhook = await rawHttp(gw.port, { parts: [post('/api/webhooks/stripe', body)], responses: 1 });
  t.equal(webhook.responses[0]?.status, 200);
  t.equal(gw.received[0]!.body.length, body.length);
  const checkout = await rawHttp(gw.port, { parts: [post('/api/payments/create-payment-intent', body)], responses: 1 });
  t.equal(checkout.responses[0]?.status, 413);
  const beyond = JSON.stringify({ pad: 'z'.repeat(600_000) });
  const tooLarge = await rawHttp(gw.port, { parts: [chunkedHead('/api/webhooks/stripe'), chunk(beyond), '0\r\n\r\n'], responses: 1 });
  t.equal(tooLarge.responses[0]?.status, 413, 'the webhook has a limit of its own');
});

t.test('a body cut short never reaches the service as a request, and is no warning', async (t) => {
  const gw = await gateway(t);
  const head = `POST /api/payments/create-payment-intent HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n`;
  await rawHttp(gw.port, { parts: [head, '{"productId":"simple",', 20], close: 'destroy' });
  await rawHttp(gw.port, { parts: [chunkedHead('/api/webhooks/stripe'), chunk('{"id":'), 20], close: 'reset' });
  const after = await rawHttp(gw.port, { parts: [get('/api/products')], responses: 1 });
  t.equal(after.responses[0]?.status, 200);
  t.same(
    gw.received.map((r) => r.url),
    ['/api/products'],
  );
  const settled = () => gw.lines.some((l) => l.level >= 40) || gw.lines.filter((l) => l.msg === 'forwarding failed').length === 2;
  await waitFor(settled, { what: 'both abandoned requests logged' });
  t.same(
    gw.lines.filter((l) => l.level >= 40),
    [],
    'nothing above info',
  );
});

t.test('a body that stops arriving is a 408 once the pause is too long, not a 504', async (t) => {
  const gw = await gateway(t, { CLIENT_BODY_TIMEOUT_MS: '200' });
  const head = `POST /api/payments/create-payment-intent HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
  const res = await rawHttp(gw.port, { parts: [head, '{"productId":'], timeoutMs: 3000 });
  t.equal(res.responses[0]?.status, 408);
  t.equal(errorCode(res.responses[0]), 'REQUEST_TIMEOUT');
  t.ok(res.closedByServer, 'the half-sent request ends the connection');
  t.same(gw.received, []);
});

t.test('a GET with a body is answered without forwarding the body', async (t) => {
  const gw = await gateway(t);
  const res = await rawHttp(gw.port, {
    parts: [`GET /api/products HTTP/1.1\r\nHost: shop\r\nContent-Length: 5\r\n\r\nhello`, get('/api/products')],
    responses: 2,
  });
  t.same(
    res.responses.map((r) => r.status),
    [200, 200],
  );
  t.equal(gw.received[0]!.headers['content-length'], undefined);
  t.equal(gw.received[0]!.body.length, 0);
});

t.test('dot segments are refused at the door', async (t) => {
  const gw = await gateway(t);
  for (const path of ['/api/products/../admin/orders', '/api/orders/%2e%2e/admin/orders', '/api/orders/.%2E/x']) {
    const res = await rawHttp(gw.port, { parts: [get(path)], responses: 1 });
    t.equal(res.responses[0]?.status, 400, path);
  }
  t.same(gw.received, []);
});

t.test('what clients do wrong never logs above info', async (t) => {
  const gw = await gateway(t, { RATE_LIMIT_MAX: '50' });
  await rawHttp(gw.port, { parts: [get('/api/products').repeat(60)], close: 'reset' });
  await rawHttp(gw.port, { parts: ['GARBAGE\r\n\r\n'] });
  await rawHttp(gw.port, { parts: [get('/api/orders/%E0%A4%A')], responses: 1 });
  await rawHttp(gw.port, { parts: [chunkedHead('/api/payments/x'), chunk('q'.repeat(5000)), '0\r\n\r\n'], responses: 1 });
  await rawHttp(gw.port, { parts: [chunkedHead('/api/payments/x'), 'zz\r\nbroken'] });
  await waitFor(async () => (await rawHttp(gw.port, { parts: [get('/health')], responses: 1 })).responses[0]?.status === 200);
  t.same(
    gw.lines.filter((l) => l.level >= 40),
    [],
  );
});

t.test('a request target in absolute form reaches the service as a path', async (t) => {
  const gw = await gateway(t);
  const res = await rawHttp(gw.port, { parts: ['GET http://elsewhere.example/api/products?x=1 HTTP/1.1\r\nHost: shop\r\n\r\n'], responses: 1 });
  t.equal(res.responses[0]?.status, 200);
  t.equal(gw.received[0]?.url, '/api/products?x=1');
});

t.test('an OPTIONS without preflight headers is answered, not refused in text/plain', async (t) => {
  const gw = await gateway(t);
  const res = await rawHttp(gw.port, {
    parts: ['OPTIONS /api/products HTTP/1.1\r\nHost: shop\r\n\r\n', 'OPTIONS * HTTP/1.1\r\nHost: shop\r\n\r\n'],
    responses: 2,
  });
  t.same(
    res.responses.map((r) => r.status),
    [204, 204],
  );
});

t.test('a body far over the limit: the 413 is read, the rest dropped, then the connection ends without a reset', async (t) => {
  const gw = await gateway(t);
  const piece = chunk('w'.repeat(60_000));
  const res = await rawHttp(gw.port, {
    parts: [chunkedHead('/api/payments/create-payment-intent'), ...Array<string>(35).fill(piece), '0\r\n\r\n'],
    timeoutMs: 10_000,
  });
  t.equal(res.responses[0]?.status, 413);
  t.equal(errorCode(res.responses[0]), 'FST_ERR_CTP_BODY_TOO_LARGE');
  t.ok(res.closedByServer, 'closed once the drop budget was spent');
  t.notOk(res.reset, 'no reset');
  t.same(gw.received, []);
});

t.test('a length that lies cannot smuggle bytes: the excess is parsed as a request of its own and refused', async (t) => {
  const gw = await gateway(t);
  const res = await rawHttp(gw.port, {
    parts: [`POST /api/webhooks/stripe HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}${'x'.repeat(10_000)}`],
  });
  t.same(
    res.responses.map((r) => r.status),
    [200, 400],
  );
  t.equal(gw.received[0]?.body.toString(), '{}', 'the service got exactly the declared bytes');
});

t.test('a refused body that stops arriving: the connection is closed after the answer, and the gateway carries on', async (t) => {
  const gw = await gateway(t, { CLIENT_BODY_TIMEOUT_MS: '200' });
  const head = `POST /api/payments/create-payment-intent HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n`;
  const res = await rawHttp(gw.port, { parts: [head, 'x'.repeat(100)], timeoutMs: 5000 });
  t.equal(res.responses[0]?.status, 413);
  t.ok(res.closedByServer, 'closed once the body stalled');
  t.notOk(res.reset);
  const after = await rawHttp(gw.port, { parts: [get('/api/products')], responses: 1 });
  t.equal(after.responses[0]?.status, 200);
});
