import { existsSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { gatewayConfig, proxyRoutes, upstreamsOf } from '@lumira/gateway';
import { loadConfig } from '@lumira/config';
import { configParts } from '../tools/config-parts.js';
import { isRequired } from '../tools/variables.js';
import { configProblems, fromRoot, readYaml, repoRoot } from './helpers/files.js';
import { composeEnvironment, containerEnvironment, interpolatedNames, portMapping } from './helpers/compose.js';

const compose = readYaml('docker-compose.yml');
const services: Record<string, any> = compose.services;
// The processes that run in containers: the gateway and the six services (not the `npm start` launcher).
const processes = configParts.filter((p) => p.kind !== 'launcher');
// In containers the in-process bus and the embedded store would split the system into islands.
const SHARED_INFRASTRUCTURE = ['NATS_URL', 'MONGODB_URL'];

const portOf = (name: string) => Number(containerEnvironment(services[name]).env.PORT);
const durationSeconds = (d: string) => Number(/^(\d+)s$/.exec(d)?.[1] ?? NaN);

t.test('every compose image is built from a context and Dockerfile that exist', async (t) => {
  const built = Object.entries(services).filter(([, s]) => s.build);
  t.ok(built.length >= processes.length);
  for (const [name, service] of built) {
    const context = path.resolve(repoRoot, service.build.context);
    t.ok(existsSync(context), `${name}: build context ${service.build.context} exists`);
    t.ok(existsSync(path.join(context, service.build.dockerfile)), `${name}: ${service.build.dockerfile} exists`);
    t.type(service.build.args?.SERVICE, 'string', `${name}: passes SERVICE`);
  }
  for (const part of processes) {
    t.equal(services[part.name]?.build?.args?.SERVICE, part.name, `${part.name} runs in its own container`);
  }
});

t.test('each container names exactly the variables its process reads, so Coolify lists and passes them all', async (t) => {
  for (const part of processes) {
    const named = [...composeEnvironment(services[part.name]).keys()];
    const missing = Object.keys(part.spec).filter((v) => !named.includes(v));
    const unknown = named.filter((v) => !(v in part.spec));
    t.same(missing, [], `${part.name}: add ${missing.map((v) => `- ${v}=\${${v}:-}`).join(', ')} to its environment in docker-compose.yml`);
    t.same(unknown, [], `${part.name}: ${unknown.join(', ')} is not a variable of its spec`);
    t.same(services[part.name].env_file, [{ path: '.env', required: false }], `${part.name}: reads .env when there is one`);
  }
});

t.test('secrets come from the environment, never from the compose file', async (t) => {
  for (const part of processes) {
    for (const [name, raw] of composeEnvironment(services[part.name])) {
      if (!part.spec[name]?.secret) continue;
      const m = /^\$\{([A-Z0-9_]+)(?::-([^}]*))?\}$/.exec(raw);
      // Each service's NATS password has a name of its own in .env, shared with the nats container.
      const source = name === 'NATS_PASSWORD' ? `NATS_PASSWORD_${part.name.toUpperCase().replace('-', '_')}` : name;
      t.ok(m && m[1] === source, `${part.name}: ${name} is \${${source}…}`);
      t.notMatch(m?.[2] ?? '', /@/, `${part.name}: the fallback of ${name} carries no credentials`);
    }
  }
});

t.test('with an empty .env every process starts, on the shared bus and store', async (t) => {
  for (const part of processes) {
    const { env, demanded } = containerEnvironment(services[part.name]);
    const problems = configProblems(part.name, part.spec, env).filter((p) => !demanded.includes(p.split(':')[0]!));
    t.same(problems, [], `${part.name} loads its configuration`);
    for (const [name, spec] of Object.entries(part.spec)) {
      if (isRequired(spec)) t.ok(env[name] !== '' || demanded.includes(name), `${part.name}: required ${name} is set or demanded with \${${name}:?…}`);
    }
    for (const name of SHARED_INFRASTRUCTURE.filter((v) => v in part.spec)) {
      const host = new URL(env[name]!).hostname;
      t.ok(services[host], `${part.name}: ${name} points at the compose service ${host}`);
      t.equal(services[part.name].depends_on?.[host]?.condition, 'service_healthy', `${part.name} waits for ${host}`);
    }
  }
});

t.test('the gateway reaches every service by its compose name and port, and starts after them', async (t) => {
  const { env } = containerEnvironment(services.gateway);
  const upstreams = upstreamsOf(loadConfig('gateway', gatewayConfig, env));
  for (const [name, url] of Object.entries(upstreams)) {
    const u = new URL(url);
    t.equal(u.hostname, name, `${name} is addressed by its service name`);
    t.equal(Number(u.port), portOf(name), `${name} is addressed on the port it listens on`);
    t.equal(services.gateway.depends_on?.[name]?.condition, 'service_healthy');
  }
});

t.test('health checks probe each process on the port it listens on, and shutdowns get their full deadline', async (t) => {
  for (const part of processes) {
    const service = services[part.name];
    const { env } = containerEnvironment(service);
    t.same(service.healthcheck.test.slice(0, 3), ['CMD', 'node', 'deploy/docker/healthcheck.mjs'], `${part.name}: probed by the image's script`);
    t.equal(service.healthcheck.test[3], '/health', `${part.name}: liveness, not readiness, gates the start of the rest`);
    t.ok(Number(env.PORT) > 0, `${part.name}: PORT is fixed, so the probe (which reads PORT) and the process agree`);
    const deadlineMs = Number(env.SHUTDOWN_TIMEOUT_MS || part.spec.SHUTDOWN_TIMEOUT_MS!.default);
    t.ok(durationSeconds(service.stop_grace_period) * 1000 > deadlineMs, `${part.name}: stop_grace_period exceeds SHUTDOWN_TIMEOUT_MS`);
  }
});

t.test('only the gateway is published', async (t) => {
  const published = Object.entries(services).filter(([, s]) => s.ports && !s.profiles);
  t.same(
    published.map(([name]) => name),
    ['gateway'],
  );
  const mapping = portMapping(services.gateway.ports[0]);
  t.equal(mapping.target, portOf('gateway'));
  for (const [name, s] of Object.entries(services).filter(([, s]) => s.ports && s.profiles)) {
    for (const p of s.ports) t.equal(portMapping(p).host, '127.0.0.1', `${name} (profile ${s.profiles}) is published on loopback only`);
  }
});

t.test('NATS runs with JetStream and MongoDB keeps its data, both in volumes and health-checked', async (t) => {
  const nats = services.nats;
  t.ok(nats.command.includes('-js'), 'JetStream enabled');
  const storeDir = nats.command[nats.command.indexOf('-sd') + 1];
  t.ok(
    nats.volumes.some((v: string) => v.endsWith(`:${storeDir}`)),
    'the JetStream store dir is a volume',
  );
  t.ok(
    services.mongo.volumes.some((v: string) => v.endsWith(':/data/db')),
    'MongoDB data is a volume',
  );
  for (const name of ['nats', 'mongo']) t.ok(services[name].healthcheck?.test, `${name} has a healthcheck`);
  for (const [name, s] of Object.entries(services)) {
    for (const v of (s.volumes ?? []) as string[]) {
      const source = v.split(':')[0]!;
      if (!source.startsWith('.') && !source.startsWith('/')) t.ok(source in compose.volumes, `${name}: volume ${source} is declared`);
    }
  }
});

t.test('the local profile adds a Stripe emulator that sends webhooks where Stripe would', async (t) => {
  const emulator = services['stripe-emulator'];
  t.same(emulator.profiles, ['local']);
  const { env } = containerEnvironment(emulator, { STRIPE_WEBHOOK_SECRET: 'whsec_x' });
  const webhook = new URL(env.STRIPE_WEBHOOK_URL!);
  t.equal(webhook.hostname, 'gateway');
  t.equal(Number(webhook.port), portOf('gateway'));
  t.ok(
    proxyRoutes.some((r) => r.prefix === webhook.pathname && r.upstream === 'payment'),
    'the gateway routes that path to payment',
  );
  const signedWith = interpolatedNames(composeEnvironment(emulator).get('STRIPE_WEBHOOK_SECRET')!);
  const checkedWith = interpolatedNames(composeEnvironment(services.payment).get('STRIPE_WEBHOOK_SECRET')!);
  t.same(signedWith, checkedWith, 'the emulator signs with the secret the payment service checks');
  t.equal(env.STRIPE_WEBHOOK_SECRET, 'whsec_x');
  t.ok(existsSync(fromRoot('deploy/stripe-emulator/main.mjs')));
});
