import t from 'tap';
import { loadConfig } from '@lumira/config';
import { buildGatewayApp, gatewayConfig } from '@lumira/gateway';
import { createServiceApp, listenMetrics } from '@lumira/http';
import { freePort, testLogger } from '@lumira/testing';

const closedUrl = async () => `http://127.0.0.1:${await freePort()}`;

t.test('the public gateway never answers /metrics; its internal metrics port does', async (t) => {
  const config = loadConfig('gateway', gatewayConfig, { LOG_LEVEL: 'silent', PAYMENT_URL: await closedUrl(), ORDER_URL: await closedUrl() });
  t.equal(config.METRICS_PORT, 9464, 'a metrics port by default');
  const app = await buildGatewayApp({ config, logger: testLogger() });
  t.teardown(() => app.close());
  const publicUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const metrics = await listenMetrics(app, { port: 0, host: '127.0.0.1' });
  t.teardown(() => metrics.close());

  await fetch(`${publicUrl}/health`);
  for (const path of ['/metrics', '/metrics/', '/METRICS', '/metrics?format=text', '//metrics', '/api/../metrics', '/metrics%2F', '/api/metrics']) {
    const res = await fetch(`${publicUrl}${path}`);
    const text = await res.text();
    t.ok(res.status >= 400 && res.status < 500, `${path}: ${res.status} on the public port`);
    t.notMatch(text, /http_requests_total|process_cpu/, `${path}: no metrics text`);
  }
  const scraped = await fetch(metrics.url);
  t.equal(scraped.status, 200);
  t.match(await scraped.text(), /http_requests_total\{method="GET",route="\/health",status="200",service="gateway"\} 1/);
  const other = await fetch(metrics.url.replace('/metrics', '/health'));
  t.equal(other.status, 404, 'the metrics port serves nothing else');
  t.match(await other.json(), { error: { code: 'NOT_FOUND' } });
});

t.test("a service's /metrics moves to the internal listener when it starts", async (t) => {
  const app = await createServiceApp({ service: 'demo', logger: testLogger() });
  t.teardown(() => app.close());
  t.equal((await app.inject({ url: '/metrics' })).statusCode, 200, 'on the app port before (tests, the one-process launcher)');
  const metrics = await listenMetrics(app, { port: 0, host: '127.0.0.1' });
  t.teardown(() => metrics.close());
  const refused = await app.inject({ url: '/metrics' });
  t.equal(refused.statusCode, 404, 'not on the app port after');
  t.match(refused.json(), { error: { code: 'NOT_FOUND' } });
  const scraped = await fetch(metrics.url);
  t.equal(scraped.status, 200);
  t.match(await scraped.text(), /service_ready\{service="demo"\} 1/);
});
