import t from 'tap';
import { z } from 'zod';
import { BadGatewayError, createServiceApp, exposed, requireAdmin } from '@lumira/http';
import { testLogger } from '@lumira/testing';

async function build() {
  const app = await createServiceApp({ service: 'demo', logger: testLogger() });
  app.post('/things', { schema: { body: z.object({ name: z.string().min(2), email: z.email() }) } }, async (req) => ({ ok: req.body.name }));
  app.get('/boom', async () => {
    throw new Error('connection string mongodb://user:secret@db');
  });
  app.get('/upstream', async () => {
    throw exposed(new BadGatewayError('Failed to create payment intent'));
  });
  app.get('/admin', { preHandler: requireAdmin('k'.repeat(20)) }, async () => ({ ok: true }));
  app.readiness.add('ok', async () => ({ status: 'up' }));
  t.teardown(() => app.close());
  return app;
}

t.test('validation errors are one 400 body naming the fields', async (t) => {
  const app = await build();
  const res = await app.inject({ method: 'POST', url: '/things', payload: { name: 'x', email: 'nope' } });
  t.equal(res.statusCode, 400);
  const body = res.json();
  t.equal(body.error.code, 'VALIDATION_ERROR');
  t.match(body.error.message, /body\.name/);
  t.match(body.error.message, /body\.email/);
  t.equal(body.error.requestId, res.headers['x-request-id']);
});

t.test('malformed JSON is a 400, not a 500', async (t) => {
  const app = await build();
  const res = await app.inject({ method: 'POST', url: '/things', payload: '{"name":', headers: { 'content-type': 'application/json' } });
  t.equal(res.statusCode, 400);
  t.equal(res.json().error.code, 'FST_ERR_CTP_INVALID_JSON_BODY');
});

t.test('a body that is not JSON is a 415 saying what to send', async (t) => {
  const app = await build();
  const res = await app.inject({ method: 'POST', url: '/things', payload: 'name=x', headers: { 'content-type': 'text/plain' } });
  t.equal(res.statusCode, 415);
  t.equal(res.json().error.code, 'FST_ERR_CTP_INVALID_MEDIA_TYPE');
  t.match(res.json().error.message, /application\/json/);
});

t.test('5xx internals never leak; exposed 5xx keep their message', async (t) => {
  const app = await build();
  const boom = await app.inject({ url: '/boom' });
  t.equal(boom.statusCode, 500);
  t.same(boom.json().error.message, 'Internal server error');
  t.notMatch(boom.body, /secret/);
  const upstream = await app.inject({ url: '/upstream' });
  t.equal(upstream.statusCode, 502);
  t.equal(upstream.json().error.message, 'Failed to create payment intent');
});

t.test('unknown routes answer the error body', async (t) => {
  const app = await build();
  const res = await app.inject({ url: '/nope?x=1' });
  t.equal(res.statusCode, 404);
  t.equal(res.json().error.message, 'Route GET /nope not found');
});

t.test('a well-formed x-request-id is kept, a hostile one replaced', async (t) => {
  const app = await build();
  const kept = await app.inject({ url: '/health', headers: { 'x-request-id': 'gw-123' } });
  t.equal(kept.headers['x-request-id'], 'gw-123');
  const replaced = await app.inject({ url: '/health', headers: { 'x-request-id': 'bad id\u0000<script>' } });
  t.not(replaced.headers['x-request-id'], 'bad id\u0000<script>');
  t.match(String(replaced.headers['x-request-id']), /^[0-9a-f-]{36}$/);
});

t.test('admin routes need the bearer key', async (t) => {
  const app = await build();
  t.equal((await app.inject({ url: '/admin' })).statusCode, 401);
  t.equal((await app.inject({ url: '/admin', headers: { authorization: 'Bearer wrong' } })).statusCode, 401);
  t.equal((await app.inject({ url: '/admin', headers: { authorization: `Bearer ${'k'.repeat(20)}` } })).statusCode, 200);
  const closed = await createServiceApp({ service: 'x', logger: testLogger() });
  closed.get('/admin', { preHandler: requireAdmin(undefined) }, async () => ({ ok: true }));
  const off = await closed.inject({ url: '/admin', headers: { authorization: 'Bearer anything' } });
  t.equal(off.statusCode, 503, 'no key configured = closed, and no key would open it');
  t.same(off.json().error.code, 'ADMIN_DISABLED');
  t.match(off.json().error.message, /admin API is off.*set ADMIN_API_KEY/);
  await closed.close();
});

t.test('health, readiness detail and metrics', async (t) => {
  const app = await build();
  t.same((await app.inject({ url: '/health' })).json(), { status: 'ok' });
  t.same((await app.inject({ url: '/ready' })).json(), { status: 'ready', service: 'demo', checks: { ok: { status: 'up' } } });
  app.readiness.add('db', async () => {
    throw new Error('refused');
  });
  const down = await app.inject({ url: '/ready' });
  t.equal(down.statusCode, 503);
  t.same(down.json().checks.db, { status: 'down', detail: 'refused' });
  await app.inject({ url: '/health' });
  const metrics = await app.inject({ url: '/metrics' });
  t.match(metrics.body, /http_requests_total\{method="GET",route="\/health",status="200",service="demo"\}/);
  t.match(metrics.body, /http_request_duration_seconds_bucket/);
  t.match(metrics.body, /service_ready\{service="demo"\} 0/, 'the failing db check shows in the metrics too');
  t.match(metrics.body, /http_requests_in_flight\{service="demo"\} 1\n/, 'only the scrape itself is in flight');
});
