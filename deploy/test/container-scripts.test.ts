import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import Stripe from 'stripe';
import { freePort } from '@lumira/testing';
import { fromRoot } from './helpers/files.js';

function run(script: string, env: Record<string, string>, args: string[] = [], nodeArgs: string[] = []) {
  const child = spawn(process.execPath, [...nodeArgs, fromRoot(script), ...args], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = once(child, 'exit').then(([code]) => code as number);
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function listen(handler: (req: IncomingMessage, body: string) => number): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => res.writeHead(handler(req, body)).end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

t.test('healthcheck.mjs: healthy on a 2xx from $PORT, unhealthy otherwise', async (t) => {
  const { server, port } = await listen((req) => (req.url === '/health' ? 200 : 503));
  t.teardown(() => server.close());
  t.equal(await run('deploy/docker/healthcheck.mjs', { PORT: String(port) }).exited, 0, 'GET /health → 200 → healthy');
  t.equal(await run('deploy/docker/healthcheck.mjs', { PORT: String(port) }, ['/ready']).exited, 1, 'GET /ready → 503 → unhealthy');
  t.equal(await run('deploy/docker/healthcheck.mjs', { PORT: String(await freePort()) }).exited, 1, 'nothing listening → unhealthy');
});

const tsx = ['--conditions=lumira-source', '--import=tsx'];

t.test('the emulator container refuses to start without its webhook settings', async (t) => {
  const emulator = run('deploy/stripe-emulator/main.mjs', { PORT: '0' }, [], tsx);
  t.equal(await emulator.exited, 1);
  t.match(emulator.output().stderr, /STRIPE_WEBHOOK_URL and STRIPE_WEBHOOK_SECRET must be set/);
});

t.test('the emulator container serves the Stripe API and signs webhooks with the shared secret', async (t) => {
  const secret = 'whsec_deploy_test';
  let delivered!: (value: { signature: string; body: string }) => void;
  const webhook = new Promise<{ signature: string; body: string }>((resolve) => (delivered = resolve));
  const { server, port } = await listen((req, body) => {
    if ((JSON.parse(body) as { type: string }).type === 'payment_intent.succeeded') delivered({ signature: String(req.headers['stripe-signature']), body });
    return 200;
  });
  t.teardown(() => server.close());

  const emulator = run(
    'deploy/stripe-emulator/main.mjs',
    { PORT: '0', LOG_LEVEL: 'silent', STRIPE_WEBHOOK_URL: `http://127.0.0.1:${port}/api/webhooks/stripe`, STRIPE_WEBHOOK_SECRET: secret },
    [],
    tsx,
  );
  t.teardown(() => emulator.child.kill('SIGKILL'));
  const [line] = (await once(emulator.child.stdout, 'data')) as [Buffer];
  const url = new URL(/listening on (\S+),/.exec(String(line))![1]!);

  const stripe = new Stripe('sk_test_deploy', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
  const created = await stripe.paymentIntents.create({ amount: 1400, currency: 'eur' });
  const intent = await stripe.paymentIntents.confirm(created.id, { payment_method: 'pm_card_visa' });
  t.equal(intent.status, 'succeeded');
  const { signature, body } = await webhook;
  const event = new Stripe('sk_test_deploy').webhooks.constructEvent(body, signature, secret);
  t.equal((event.data.object as { id: string }).id, intent.id, 'the webhook verifies with the secret the payment service is given');

  emulator.child.kill('SIGTERM');
  t.equal(await emulator.exited, 0, 'SIGTERM stops it cleanly');
});
