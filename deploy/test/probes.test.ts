import t from 'tap';
import { loadConfig } from '@lumira/config';
import { buildGatewayApp, gatewayConfig } from '@lumira/gateway';
import { createServiceApp } from '@lumira/http';
import { freePort, testLogger } from '@lumira/testing';
import { configParts } from '../tools/config-parts.js';
import { k8sBaseObjects, readText, readYaml } from './helpers/files.js';
import { dockerfileInstructions, execForm } from './helpers/dockerfile.js';

// The paths every probe of every deployment form uses, by the question it asks.
const liveness = new Set<string>();
const readiness = new Map<string, string>();
for (const [name, service] of Object.entries<any>(readYaml('docker-compose.yml').services)) {
  const test: string[] = service.healthcheck?.test ?? [];
  if (test.includes('deploy/docker/healthcheck.mjs')) liveness.add(test[test.indexOf('deploy/docker/healthcheck.mjs') + 1] ?? '/health');
  else if (service.build && name !== 'stripe-emulator') throw new Error(`${name}: unexpected healthcheck`);
}
const healthcheck = dockerfileInstructions(readText('deploy/Dockerfile')).find((i) => i.keyword === 'HEALTHCHECK')!;
liveness.add(execForm(healthcheck.args)[2]!);
for (const { object } of k8sBaseObjects().filter((o) => o.object.kind === 'Deployment')) {
  const container = object.spec.template.spec.containers[0];
  liveness.add(container.livenessProbe.httpGet.path);
  liveness.add(container.startupProbe.httpGet.path);
  readiness.set(object.metadata.name, container.readinessProbe.httpGet.path);
}

async function serviceApp(storeUp: () => boolean) {
  const app = await createServiceApp({ service: 'probe-test', logger: testLogger() });
  app.readiness.add('store', async () => (storeUp() ? { status: 'up' } : { status: 'down', detail: 'unreachable' }));
  return app;
}

t.test('liveness paths answer 200 even while a dependency is down, so a NATS outage restarts nothing', async (t) => {
  t.ok(liveness.size > 0);
  const app = await serviceApp(() => false);
  t.teardown(() => app.close());
  for (const path of liveness) t.equal((await app.inject({ method: 'GET', url: path })).statusCode, 200, `${path}`);
});

t.test("each service's readiness path follows its dependencies", async (t) => {
  let up = true;
  const app = await serviceApp(() => up);
  t.teardown(() => app.close());
  for (const part of configParts.filter((p) => p.kind === 'service')) {
    const path = readiness.get(part.name)!;
    up = true;
    t.equal((await app.inject({ method: 'GET', url: path })).statusCode, 200, `${part.name}: ${path} ready`);
    up = false;
    t.equal((await app.inject({ method: 'GET', url: path })).statusCode, 503, `${part.name}: ${path} not ready when the store is down`);
  }
});

t.test("the gateway's readiness path keeps it in rotation while a service is down", async (t) => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const config = loadConfig('gateway', gatewayConfig, {
    PAYMENT_URL: closed,
    ORDER_URL: closed,
    USER_URL: closed,
    NOTIFICATION_URL: closed,
    CRM_SYNC_URL: closed,
  });
  const app = await buildGatewayApp({ config, logger: testLogger() });
  t.teardown(() => app.close());
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 503, 'its /ready reports the services');
  t.equal((await app.inject({ method: 'GET', url: readiness.get('gateway')! })).statusCode, 200, 'its probe does not depend on them');
});
