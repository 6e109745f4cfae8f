import t, { type Test } from 'tap';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createServiceApp } from '@lumira/http';
import { rawHttp, testLogger, waitFor } from '@lumira/testing';

/** A service on a real port: parse errors happen in Node's HTTP parser, which inject() never reaches. */
async function listening() {
  const app = await createServiceApp({ service: 'demo', logger: testLogger() });
  const seenIps: (string | undefined)[] = [];
  app.get('/slow-ip', async (request) => {
    await nextTurn();
    seenIps.push(request.ip);
    return { ip: request.ip ?? null };
  });
  app.post('/things', async (request) => ({ got: request.body }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  return { port: (app.server.address() as { port: number }).port, seenIps };
}

const ourShape = (t: Test, body: string, code: string) => {
  let parsed: unknown = body;
  try {
    parsed = JSON.parse(body);
  } catch {
    // not JSON: the match below fails and shows the text
  }
  t.match(parsed, { error: { code, message: /\S/, requestId: /\S/ } }, 'our error shape');
  t.same(Object.keys(parsed as object), ['error'], 'nothing else');
};

t.test('a garbage request line is a 400 in our error shape, then the connection closes', async (t) => {
  const { port } = await listening();
  for (const line of ['GARBAGE\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'G@T / HTTP/1.1\r\nHost: x\r\n\r\n', '\x00\x01\x02\r\n\r\n']) {
    const res = await rawHttp(port, { parts: [line] });
    t.equal(res.responses.length, 1, JSON.stringify(line));
    t.equal(res.responses[0]?.status, 400);
    ourShape(t, res.responses[0]!.body, 'MALFORMED_REQUEST');
    t.ok(res.closedByServer, 'closed after the answer');
  }
});

t.test('headers over the limit are a 431 in our error shape', async (t) => {
  const { port } = await listening();
  const res = await rawHttp(port, { parts: [`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`] });
  t.equal(res.responses[0]?.status, 431);
  ourShape(t, res.responses[0]!.body, 'HEADERS_TOO_LARGE');
});

t.test('broken chunked framing is a 400 in our error shape', async (t) => {
  const { port } = await listening();
  const res = await rawHttp(port, {
    parts: ['POST /things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n'],
  });
  t.equal(res.responses[0]?.status, 400);
  ourShape(t, res.responses[0]!.body, 'MALFORMED_REQUEST');
});

t.test('a bad percent-encoding in the URL is a 400 in our error shape', async (t) => {
  const { port } = await listening();
  const res = await rawHttp(port, { parts: ['GET /things/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n'], responses: 1 });
  t.equal(res.responses[0]?.status, 400);
  ourShape(t, res.responses[0]!.body, 'BAD_URL');
  t.ok(res.responses[0]!.headers['x-request-id'], 'the id is in the header too');
});

t.test('an expectation other than 100-continue is a 417 in our error shape', async (t) => {
  const { port } = await listening();
  const res = await rawHttp(port, { parts: ['GET /health HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n'], responses: 1 });
  t.equal(res.responses[0]?.status, 417);
  ourShape(t, res.responses[0]!.body, 'EXPECTATION_FAILED');
});

t.test('valid requests pipelined before a broken one are all answered before the 400', async (t) => {
  const { port } = await listening();
  const ok = 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n';
  const res = await rawHttp(port, { parts: [ok + ok + ok + 'BROKEN\r\n\r\n'] });
  t.same(
    res.responses.map((r) => r.status),
    [200, 200, 200, 400],
  );
  t.notOk(res.reset);
});

t.test('the client address is known even when the client has already gone', async (t) => {
  const { port, seenIps } = await listening();
  for (let i = 0; i < 5; i++) {
    await rawHttp(port, { parts: ['GET /slow-ip HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(40)], close: 'reset' });
  }
  await waitFor(() => seenIps.length === 200, { what: 'every pipelined request handled' });
  t.equal(seenIps.filter((ip) => ip === undefined).length, 0, 'request.ip is never undefined');
});

t.test('an HTTP/1.1 request without Host is a 400 in our error shape; HTTP/1.0 needs none', async (t) => {
  const { port } = await listening();
  const res = await rawHttp(port, { parts: ['GET /health HTTP/1.1\r\n\r\n'], responses: 1 });
  t.equal(res.responses[0]?.status, 400);
  ourShape(t, res.responses[0]!.body, 'MISSING_HOST');
  const old = await rawHttp(port, { parts: ['GET /health HTTP/1.0\r\n\r\n'], responses: 1 });
  t.equal(old.responses[0]?.status, 200);
});

t.test('a request asking for an upgrade is answered, and the connection then ends', async (t) => {
  const { port } = await listening();
  const res = await rawHttp(port, { parts: ['GET /health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n'] });
  t.equal(res.responses[0]?.status, 200);
  t.equal(res.responses[0]?.headers.connection, 'close');
  t.ok(res.closedByServer, 'closed, not left hanging');
  t.notOk(res.timedOut);
});
