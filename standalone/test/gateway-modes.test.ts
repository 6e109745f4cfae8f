import t from 'tap';
import { ConfigError } from '@lumira/config';
import { tempDir } from '@lumira/testing';
import { startSystem } from '../src/system.js';
import { startTestSystem } from './harness.js';

// The gateway on the main thread (the default) and on its own thread (GATEWAY_THREAD=true) serve alike.
for (const [mode, GATEWAY_THREAD] of [
  ['on the main thread', 'false'],
  ['on its own thread', 'true'],
] as const) {
  t.test(`the gateway ${mode}: ready, an API route, the documents, its log lines`, async (t) => {
    const s = await startTestSystem(t, { env: { GATEWAY_THREAD, LOG_LEVEL: 'info' }, captureLogs: true });
    const ready = await s.api('/ready');
    t.equal(ready.status, 200);
    t.equal(ready.body.checks.payment.status, 'up');
    const products = await s.api('/api/products');
    t.equal(products.status, 200);
    t.ok(products.headers.get('x-request-id'), 'answered through the gateway');
    const docs = await s.api('/docs/json');
    t.equal(docs.status, 200);
    t.ok(docs.body.paths['/api/products'], 'the document gathers the services');
    t.ok(
      s.logs.some((l) => l.service === 'gateway' && /Server listening/.test(l.msg)),
      'its lines reach the log destination',
    );
    const load = s.system.gatewayLoad();
    t.ok(load.utilization >= 0 && load.utilization <= 1, 'its event loop reports its load');
  });

  t.test(`the gateway ${mode}: stop frees its port`, async (t) => {
    const data = await tempDir('lumira-mode-');
    t.teardown(() => data.remove());
    const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: data.dir, GATEWAY_THREAD };
    const system = await startSystem(env, { ephemeralPorts: true });
    const url = system.gatewayUrl;
    t.equal((await fetch(`${url}/health`)).status, 200);
    await system.stop();
    await t.rejects(fetch(`${url}/health`), 'nothing listens there any more');
  });

  t.test(`the gateway ${mode}: a port in use fails the start with EADDRINUSE`, async (t) => {
    const first = await startTestSystem(t);
    const data = await tempDir('lumira-mode-');
    t.teardown(() => data.remove());
    const env = { PORT: new URL(first.system.gatewayUrl).port, HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: data.dir, GATEWAY_THREAD };
    const err = await startSystem(env, { ephemeralPorts: true }).catch((e: unknown) => e);
    t.equal((err as NodeJS.ErrnoException).code, 'EADDRINUSE');
  });
}

t.test('GATEWAY_THREAD other than true or false stops the start with one line naming it', async (t) => {
  const err = await startSystem({ GATEWAY_THREAD: 'yes', LOG_LEVEL: 'silent' }).catch((e: unknown) => e);
  t.ok(err instanceof ConfigError);
  t.same((err as ConfigError).problems, ['GATEWAY_THREAD: invalid value "yes"; expected true or false']);
});
