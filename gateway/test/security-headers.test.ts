import { createServer } from 'node:http';
import t from 'tap';
import Fastify from 'fastify';
import helmet from 'helmet';
import { loadConfig } from '@lumira/config';
import { buildGatewayApp, gatewayConfig } from '@lumira/gateway';
import { freePort, testLogger } from '@lumira/testing';
import { helmetHeaders, securityHeadersPlugin } from '../src/security-headers.js';

/** What helmet itself puts on a real response, the reference the computed headers must match. */
async function headersFromHelmet(): Promise<Record<string, string>> {
  const server = createServer((req, res) => helmet()(req, res, () => res.end('ok'))).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  t.teardown(() => server.close());
  const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  await res.text();
  const standard = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
  return Object.fromEntries([...res.headers].filter(([name]) => !standard.has(name)));
}

t.test('the headers computed once are exactly the ones helmet sets on a response', async (t) => {
  const reference = await headersFromHelmet();
  t.ok(Object.keys(reference).length >= 10, 'helmet sets its usual dozen headers');
  t.same(helmetHeaders(), reference);
});

t.test('options reach helmet: a header turned off is not sent', async (t) => {
  t.notOk('x-frame-options' in helmetHeaders({ xFrameOptions: false }));
  t.ok('x-frame-options' in helmetHeaders());
});

t.test('every gateway reply carries them, proxied, unknown or failed', async (t) => {
  const expected = helmetHeaders();
  const config = loadConfig('gateway', gatewayConfig, { LOG_LEVEL: 'silent', ORDER_URL: `http://127.0.0.1:${await freePort()}` });
  const app = await buildGatewayApp({ config, logger: testLogger() });
  t.teardown(() => app.close());
  for (const url of ['/health', '/nowhere', '/api/orders/x']) {
    const res = await app.inject({ url, headers: { 'x-forwarded-proto': 'https' } });
    for (const [name, value] of Object.entries(expected)) t.equal(res.headers[name], value, `${url} ${res.statusCode}: ${name}`);
  }
});

t.test('upgrade-insecure-requests only for a browser that came over TLS', async (t) => {
  const withUpgrade = helmetHeaders()['content-security-policy']!;
  const withoutUpgrade = withUpgrade.replace(/;?upgrade-insecure-requests/, '');
  t.not(withoutUpgrade, withUpgrade);
  const env = { LOG_LEVEL: 'silent', ORDER_URL: `http://127.0.0.1:${await freePort()}` };
  const app = await buildGatewayApp({ config: loadConfig('gateway', gatewayConfig, env), logger: testLogger() });
  t.teardown(() => app.close());
  t.equal(
    (await app.inject({ url: '/health' })).headers['content-security-policy'],
    withoutUpgrade,
    'plain HTTP: no upgrade (a LAN address would lose its scripts)',
  );
  t.equal(
    (await app.inject({ url: '/health', headers: { 'x-forwarded-proto': 'https, http' } })).headers['content-security-policy'],
    withUpgrade,
    'X-Forwarded-Proto: https',
  );
  const docs = await app.inject({ url: '/docs/' });
  t.notMatch(docs.headers['content-security-policy'], /upgrade-insecure-requests/, '/docs over plain HTTP');
  t.match((await app.inject({ url: '/docs/', headers: { 'x-forwarded-proto': 'https' } })).headers['content-security-policy'], /upgrade-insecure-requests/);

  const behindHttps = await buildGatewayApp({
    config: loadConfig('gateway', gatewayConfig, { ...env, PUBLIC_URL: 'https://api.shop.example' }),
    logger: testLogger(),
  });
  t.teardown(() => behindHttps.close());
  t.equal((await behindHttps.inject({ url: '/health' })).headers['content-security-policy'], withUpgrade, 'a public https address');
});

t.test('a plugin instance applies them to its routes', async (t) => {
  const app = Fastify();
  await app.register(securityHeadersPlugin, { helmet: { strictTransportSecurity: { maxAge: 60 } } });
  app.get('/', async () => ({ ok: true }));
  const res = await app.inject({ url: '/' });
  t.equal(res.headers['strict-transport-security'], 'max-age=60; includeSubDomains');
});
