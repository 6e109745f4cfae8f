import t from 'tap';
import Fastify from 'fastify';
import { activeTraceCarrier, activeTraceId, inSpan, startTelemetry, traceLogFields, traceRequests, tracingEnabled } from '@lumira/telemetry';
import { startInMemoryTracing } from '@lumira/telemetry/testing';

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

t.test('off without an endpoint: nothing runs, nothing is made', async (t) => {
  const telemetry = await startTelemetry({});
  t.equal(tracingEnabled(), false);
  t.equal(activeTraceCarrier(), undefined);
  t.same(traceLogFields(), {});
  t.equal(await inSpan('x', 'work', {}, async (span) => span), undefined, 'the function runs with no span');
  const app = Fastify();
  traceRequests(app, 'x');
  app.get('/', async () => ({ traceId: activeTraceId() ?? null }));
  t.same((await app.inject({ url: '/', headers: { traceparent: PARENT } })).json(), { traceId: null });
  await app.close();
  await telemetry.shutdown();
});

t.test('a collector that is away costs spans, never the shutdown', async (t) => {
  const telemetry = await startTelemetry({ endpoint: 'http://127.0.0.1:1', protocol: 'http/json' });
  await inSpan('x', 'lost', {}, async () => undefined);
  await t.resolves(telemetry.flush());
  await t.resolves(telemetry.shutdown());
  t.equal(tracingEnabled(), false, 'off again after shutdown');
});

t.test('a server span per request, child of the caller, active in the handler after the body was read', async (t) => {
  const tracing = await startInMemoryTracing();
  t.teardown(() => tracing.telemetry.shutdown());
  const app = Fastify();
  traceRequests(app, 'svc');
  app.post('/things/:id', async (request) => ({ traceId: activeTraceId(), fields: traceLogFields(), body: request.body }));
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'POST', url: '/things/42?secret=x', headers: { traceparent: PARENT }, payload: { a: 1 } });
  const body = res.json<{ traceId: string; fields: { traceId: string; spanId: string } }>();
  t.equal(body.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
  t.equal(body.fields.traceId, body.traceId, 'log lines carry it');
  const [span] = tracing.spans();
  t.equal(span?.name, 'POST /things/:id');
  t.equal(span?.parentSpanContext?.spanId, '00f067aa0ba902b7');
  t.equal(span?.resource.attributes['service.name'], 'svc');
  t.equal(span?.attributes['url.path'], '/things/42', 'no query string (it may hold a token)');
  t.equal(span?.attributes['http.response.status_code'], 200);
  t.equal(span?.spanContext().spanId, body.fields.spanId);
});

t.test('at the public edge, a client asking for no sampling is traced anyway; a sampled parent is continued', async (t) => {
  const tracing = await startInMemoryTracing();
  t.teardown(() => tracing.telemetry.shutdown());
  const app = Fastify();
  traceRequests(app, 'gateway', { publicEdge: true });
  app.get('/', async () => ({ traceId: activeTraceId() ?? null }));
  t.teardown(() => app.close());
  const unsampled = PARENT.replace(/-01$/, '-00');
  const fresh = (await app.inject({ url: '/', headers: { traceparent: unsampled } })).json<{ traceId: string | null }>();
  t.ok(fresh.traceId, 'traced');
  t.not(fresh.traceId, '4bf92f3577b34da6a3ce929d0e0e4736', "in a trace of its own, not the client's unsampled one");
  const joined = (await app.inject({ url: '/', headers: { traceparent: PARENT } })).json<{ traceId: string | null }>();
  t.equal(joined.traceId, '4bf92f3577b34da6a3ce929d0e0e4736', 'a sampled client trace is joined');
  t.equal(tracing.spans().length, 2, 'both requests made a span');
});
