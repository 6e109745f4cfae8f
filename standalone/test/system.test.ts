import t from 'tap';
import { ConfigError } from '@lumira/config';
import { makeEnvelope } from '@lumira/contracts';
import Stripe from 'stripe';
import { tempDir, waitFor } from '@lumira/testing';
import { startSystem } from '../src/system.js';
import { ADMIN_KEY, startTestSystem } from './harness.js';

t.test('a bad PORT stops the start with one line naming it', async (t) => {
  const err = await startSystem({ PORT: 'abc', LOG_LEVEL: 'silent' }).catch((e: unknown) => e);
  t.ok(err instanceof ConfigError);
  t.equal((err as ConfigError).problems.length, 1);
  t.match((err as ConfigError).problems[0], /^PORT: invalid value "abc"/);
});

t.test('the running system: ready, documented, and the emulator in the banner', async (t) => {
  const s = await startTestSystem(t);
  const ready = await s.api('/ready');
  t.equal(ready.status, 200);
  t.same(Object.keys(ready.body.checks).sort(), ['crm-sync', 'fulfilment', 'notification', 'order', 'payment', 'user']);
  t.ok(Object.values(ready.body.checks).every((c) => (c as { status: string }).status === 'up'));
  const docs = await s.api('/docs/json');
  t.equal(docs.status, 200);
  for (const path of [
    '/api/products',
    '/api/payments/create-payment-intent',
    '/api/webhooks/stripe',
    '/api/orders/{id}',
    '/api/admin/orders',
    '/api/admin/users',
    '/api/expert/readings',
    '/api/access/login',
    '/api/files/{readingId}/{fileId}',
  ]) {
    t.ok(docs.body.paths[path], `documents ${path}`);
  }
  t.notOk(docs.body.paths['/api/products/create-payment-intent'], 'the legacy alias stays out of the document');
  t.ok(
    s.system.lines.some((l) => l.startsWith('Stripe emulator')),
    'the banner says the emulator runs',
  );
  t.ok(
    s.system.lines.some((l) => l.includes('no SENDGRID_API_KEY') && l.includes(s.dataDir)),
    'the banner says where mails land',
  );
  t.ok(
    s.system.lines.some((l) => l.includes('no S3_BUCKET') && l.includes(s.dataDir)),
    'the banner says where reading files are kept',
  );
  t.ok(
    s.system.lines.some((l) => l.startsWith('admin') && l.includes('Bearer $ADMIN_API_KEY')),
    'the banner says admin is on, and how to call it',
  );
  t.ok(
    s.system.lines.some((l) => l.includes('set SENDGRID_API_KEY to send')),
    'and how to send real mail',
  );
  t.ok(
    s.system.lines.some((l) => l.includes('set S3_BUCKET for S3')),
    'and how to keep files on S3',
  );
  t.ok(
    s.system.lines.some((l) => l.includes('set DOLIBARR_URL and DOLIBARR_API_KEY to sync')),
    'and how to turn on the CRM',
  );
});

t.test('in one process, the admin API replays a payment.* dead letter (payment publishes it, as on NATS)', async (t) => {
  const s = await startTestSystem(t);
  const envelope = makeEnvelope('payment.succeeded', { orderId: 'ord_unknown_replay', paymentIntentId: 'pi_unknown_replay', amount: 100, currency: 'eur' });
  await s.system.infra.bus.deadLetters.add({
    subject: 'payment.succeeded',
    durable: 'order-payments',
    deliveries: 6,
    reason: 'test',
    payload: JSON.stringify(envelope),
  });
  const { deadLetters } = await s.admin('/api/admin/deadletters?durable=order-payments');
  const letter = deadLetters.find((l: { eventId: string }) => l.eventId === envelope.id);
  const headers = { authorization: `Bearer ${ADMIN_KEY}` };
  const res = await s.api(`/api/admin/deadletters/${letter.id}/replay`, { method: 'POST', headers });
  t.equal(res.status, 200, JSON.stringify(res.body));
  t.equal(res.body.deadLetter.eventId, envelope.id);
  const again = await s.api(`/api/admin/deadletters/${letter.id}/replay`, { method: 'POST', headers });
  t.equal(again.status, 404);
});

t.test('a gateway port in use fails the start with EADDRINUSE', async (t) => {
  const first = await startTestSystem(t);
  const port = new URL(first.system.gatewayUrl).port;
  const data = await tempDir('lumira-port-');
  t.teardown(() => data.remove());
  const err = await startSystem({ PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: data.dir }, { ephemeralPorts: true }).catch((e: unknown) => e);
  t.equal((err as NodeJS.ErrnoException).code, 'EADDRINUSE', 'main.ts turns this code into its one-line message');
});

t.test('stop closes the gateway: its port is free again', async (t) => {
  const data = await tempDir('lumira-stop-');
  t.teardown(() => data.remove());
  const system = await startSystem({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: data.dir }, { ephemeralPorts: true });
  const url = system.gatewayUrl;
  t.equal((await fetch(`${url}/health`)).status, 200);
  t.ok(system.gatewayLoad().active >= 0, 'the gateway reports its event loop');
  await system.stop();
  await t.rejects(fetch(`${url}/health`), 'nothing listens there any more');
});

t.test('restarted on the same DATA_DIR, the emulated Stripe account is still there', async (t) => {
  const data = await tempDir('lumira-restart-');
  t.teardown(() => data.remove());
  const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: data.dir, ADMIN_API_KEY: 'restart-admin-key-0123456789' };
  const first = await startSystem(env, { ephemeralPorts: true });
  const res = await fetch(`${first.gatewayUrl}/api/payments/create-payment-intent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ productId: 'intuitive', customerEmail: 'restart@example.com' }),
  });
  const { paymentIntentId, orderId } = (await res.json()) as { paymentIntentId: string; orderId: string };
  await first.stop();

  const second = await startSystem(env, { ephemeralPorts: true });
  t.teardown(() => second.stop());
  const url = new URL(second.serviceUrls['stripe-emulator']!);
  const stripe = new Stripe('sk_test_restart', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
  t.equal(
    (await stripe.paymentIntents.confirm(paymentIntentId, { payment_method: 'pm_card_visa' })).status,
    'succeeded',
    'the PaymentIntent made before the restart pays',
  );
  await waitFor(
    async () => {
      const list = await fetch(`${second.gatewayUrl}/api/admin/orders?limit=10`, { headers: { authorization: `Bearer ${env.ADMIN_API_KEY}` } });
      const { orders } = (await list.json()) as { orders: { id: string; status: string }[] };
      return orders.find((o) => o.id === orderId)?.status === 'completed';
    },
    { what: 'the order completed after the restart', timeoutMs: 15_000 },
  );
  t.pass('completed');
});
