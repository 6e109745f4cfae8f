import t from 'tap';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '@lumira/config';
import { buildGatewayApp, gatewayConfig } from '@lumira/gateway';
import { freePort, testLogger } from '@lumira/testing';

interface Seen {
  body: Buffer;
  headers: Record<string, unknown>;
  url: string;
}

/** A stand-in service that records the exact bytes it receives. */
async function fakeService(seen: Seen[], options: { delayMs?: number; ready?: boolean } = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_r, body, done) => done(null, body));
  app.get('/ready', async (_req, reply) =>
    reply.code(options.ready === false ? 503 : 200).send({
      status: options.ready === false ? 'not_ready' : 'ready',
      service: 'fake',
      checks: { store: { status: options.ready === false ? 'down' : 'up', detail: 'x' } },
    }),
  );
  app.all('/api/*', async (req) => {
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    seen.push({ body: req.body as Buffer, headers: req.headers, url: req.url });
    return { ok: true };
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  return { app, url };
}

async function gateway(overrides: Record<string, string>) {
  const config = loadConfig('gateway', gatewayConfig, { LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '1000', ...overrides });
  const app = await buildGatewayApp({ config, logger: testLogger() });
  t.teardown(() => app.close());
  return app;
}

const closedUrl = async () => `http://127.0.0.1:${await freePort()}`;

t.test('the webhook body reaches the payment service byte for byte, with the request id', async (t) => {
  const seen: Seen[] = [];
  const payment = await fakeService(seen);
  const app = await gateway({ PAYMENT_URL: payment.url });
  // Spacing, key order and escapes that any JSON re-serialisation would change.
  const raw = Buffer.from('{ "b":1,\n\t"a" : "caf\\u00e9 ✓",  "n": 1.50 ,"id":"evt_1"}  ', 'utf8');
  const res = await app.inject({
    method: 'POST',
    url: '/api/webhooks/stripe',
    payload: raw,
    headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=abc', 'x-request-id': 'req-abc' },
  });
  t.equal(res.statusCode, 200);
  t.equal(seen.length, 1);
  t.ok(seen[0]!.body.equals(raw), 'identical bytes');
  t.equal(seen[0]!.headers['stripe-signature'], 't=1,v1=abc');
  t.equal(seen[0]!.headers['x-request-id'], 'req-abc');
  t.equal(seen[0]!.url, '/api/webhooks/stripe');
});

t.test('routes go to the owning service and a request id is generated when absent', async (t) => {
  const payments: Seen[] = [];
  const orders: Seen[] = [];
  const users: Seen[] = [];
  const [p, o, u] = await Promise.all([fakeService(payments), fakeService(orders), fakeService(users)]);
  const app = await gateway({ PAYMENT_URL: p.url, ORDER_URL: o.url, USER_URL: u.url });
  await app.inject({ url: '/api/products' });
  await app.inject({ method: 'POST', url: '/api/payments/create-payment-intent', payload: { a: 1 } });
  await app.inject({ url: '/api/orders/ord_1' });
  await app.inject({ url: '/api/admin/orders?status=pending' });
  await app.inject({ url: '/api/admin/users' });
  t.same(
    payments.map((s) => s.url),
    ['/api/products', '/api/payments/create-payment-intent'],
  );
  t.same(
    orders.map((s) => s.url),
    ['/api/orders/ord_1', '/api/admin/orders?status=pending'],
  );
  t.same(
    users.map((s) => s.url),
    ['/api/admin/users'],
  );
  t.match(String(orders[0]!.headers['x-request-id']), /^[0-9a-f-]{36}$/);
});

t.test('a service that is down answers 502 with the error body, quickly', async (t) => {
  const app = await gateway({ ORDER_URL: await closedUrl() });
  const started = Date.now();
  const res = await app.inject({ url: '/api/orders/x' });
  t.equal(res.statusCode, 502);
  t.equal(res.json().error.code, 'UPSTREAM_UNAVAILABLE');
  t.ok(res.json().error.requestId);
  t.ok(Date.now() - started < 5000);
});

t.test('a service that hangs answers 504 within the upstream timeout', async (t) => {
  const seen: Seen[] = [];
  const slow = await fakeService(seen, { delayMs: 2000 });
  const app = await gateway({ ORDER_URL: slow.url, UPSTREAM_TIMEOUT_MS: '300' });
  const res = await app.inject({ url: '/api/orders/x' });
  t.equal(res.statusCode, 504);
  t.equal(res.json().error.code, 'UPSTREAM_TIMEOUT');
});

t.test('bodies over the limit are refused before forwarding', async (t) => {
  const seen: Seen[] = [];
  const p = await fakeService(seen);
  const app = await gateway({ PAYMENT_URL: p.url, BODY_LIMIT_BYTES: '2048' });
  const res = await app.inject({
    method: 'POST',
    url: '/api/payments/create-payment-intent',
    payload: 'x'.repeat(5000),
    headers: { 'content-type': 'application/json' },
  });
  t.equal(res.statusCode, 413);
  t.equal(seen.length, 0);
});

t.test('public routes are rate limited, the Stripe webhook is not', async (t) => {
  const seen: Seen[] = [];
  const p = await fakeService(seen);
  const app = await gateway({ PAYMENT_URL: p.url, RATE_LIMIT_MAX: '3' });
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push((await app.inject({ url: '/api/products' })).statusCode);
  t.same(codes, [200, 200, 200, 429, 429]);
  const limited = await app.inject({ url: '/api/products' });
  t.equal(limited.json().error.code, 'RATE_LIMITED', 'the one error body shape');
  for (let i = 0; i < 5; i++) {
    const res = await app.inject({ method: 'POST', url: '/api/webhooks/stripe', payload: '{}', headers: { 'content-type': 'application/json' } });
    t.equal(res.statusCode, 200);
  }
});

t.test('CORS answers only listed origins; security headers are set', async (t) => {
  const seen: Seen[] = [];
  const p = await fakeService(seen);
  const app = await gateway({ PAYMENT_URL: p.url, CORS_ORIGINS: 'https://shop.example' });
  const ok = await app.inject({ url: '/api/products', headers: { origin: 'https://shop.example' } });
  t.equal(ok.headers['access-control-allow-origin'], 'https://shop.example');
  const other = await app.inject({ url: '/api/products', headers: { origin: 'https://evil.example' } });
  t.equal(other.headers['access-control-allow-origin'], undefined);
  t.equal(ok.headers['x-content-type-options'], 'nosniff');
});

t.test('/ready aggregates every service with the failing detail', async (t) => {
  const up: Seen[] = [];
  const [a, b, c, d, e] = await Promise.all([fakeService(up), fakeService(up), fakeService(up), fakeService(up), fakeService(up)]);
  const sick = await fakeService(up, { ready: false });
  const app = await gateway({ PAYMENT_URL: a.url, ORDER_URL: b.url, USER_URL: c.url, NOTIFICATION_URL: d.url, CRM_SYNC_URL: sick.url, FULFILMENT_URL: e.url });
  const res = await app.inject({ url: '/ready' });
  t.equal(res.statusCode, 503);
  const body = res.json();
  t.same(Object.keys(body.checks).sort(), ['crm-sync', 'fulfilment', 'notification', 'order', 'payment', 'user']);
  t.equal(body.checks.payment.status, 'up');
  t.match(body.checks['crm-sync'].detail, /store: x/);
});

t.test("the Expert App's uploads have their own body limit and are forwarded whole", async (t) => {
  const seen: Seen[] = [];
  const fulfilment = await fakeService(seen);
  const app = await gateway({ FULFILMENT_URL: fulfilment.url, BODY_LIMIT_BYTES: '2048' });
  const file = Buffer.alloc(256 * 1024, 7);
  const res = await app.inject({ method: 'PUT', url: '/api/expert/readings/rdg_1/files/audio', payload: file, headers: { 'content-type': 'audio/mpeg' } });
  t.equal(res.statusCode, 200, 'past BODY_LIMIT_BYTES, within the route limit');
  t.ok(seen[0]!.body.equals(file), 'identical bytes');
  const tooBig = await app.inject({
    method: 'PUT',
    url: '/api/expert/readings/rdg_1/files/audio',
    payload: 'x',
    headers: { 'content-type': 'audio/mpeg', 'content-length': String(600 * 1024 * 1024) },
  });
  t.equal(tooBig.statusCode, 413, 'a declared length over the route limit is refused before forwarding');
  t.equal(seen.length, 1);
  const json = await app.inject({ method: 'POST', url: '/api/access/login', payload: 'x'.repeat(5000), headers: { 'content-type': 'application/json' } });
  t.equal(json.statusCode, 413, 'other fulfilment routes keep the default limit');
});

t.test("services get the client's address, never one the client made up", async (t) => {
  const seen: Seen[] = [];
  const fulfilment = await fakeService(seen);
  const app = await gateway({ FULFILMENT_URL: fulfilment.url });
  await app.inject({
    method: 'POST',
    url: '/api/access/login',
    payload: { email: 'a@b.co' },
    remoteAddress: '203.0.113.7',
    headers: { 'x-forwarded-for': '10.9.9.9' },
  });
  t.equal(seen[0]!.headers['x-forwarded-for'], '203.0.113.7');
  const trusting = await gateway({ FULFILMENT_URL: fulfilment.url, TRUST_PROXY: 'true' });
  await trusting.inject({
    method: 'POST',
    url: '/api/access/login',
    payload: { email: 'a@b.co' },
    remoteAddress: '10.0.0.2',
    headers: { 'x-forwarded-for': '198.51.100.4' },
  });
  t.equal(seen[1]!.headers['x-forwarded-for'], '198.51.100.4', 'behind a trusted load balancer, the address it saw');
});

t.test('an upload sent with Expect: 100-continue (as curl -T does) reaches the service', async (t) => {
  const seen: Seen[] = [];
  const fulfilment = await fakeService(seen);
  const app = await gateway({ FULFILMENT_URL: fulfilment.url });
  const url = new URL('/api/expert/readings/rdg_1/files/pdf', await app.listen({ port: 0, host: '127.0.0.1' }));
  const { request } = await import('node:http');
  const file = Buffer.alloc(4096, 1);
  const status = await new Promise<number | undefined>((resolve, reject) => {
    const req = request(
      url,
      { method: 'PUT', headers: { expect: '100-continue', 'content-length': file.length, 'content-type': 'application/pdf' } },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('continue', () => req.end(file));
    req.on('error', reject);
  });
  t.equal(status, 200);
  t.ok(seen[0]?.body.equals(file), 'the body went through');
  t.equal(seen[0]?.headers.expect, undefined, 'the service is not asked to continue again');
});
