import t, { type Test } from 'tap';
import { busServices, serveDeadLetterReplay } from '@lumira/bus';
import { createServiceApp, deadLetterRoutes } from '@lumira/http';
import { makeEnvelope } from '@lumira/contracts';
import { openMemoryBus, testLogger } from '@lumira/testing';

const adminApiKey = 'admin-key-0123456789';
const headers = { authorization: `Bearer ${adminApiKey}` };

/** The order service's admin routes on the in-process bus, every owner answering replays as in one process. */
async function build(t: Test, silent: string[] = []) {
  const bus = await openMemoryBus();
  const app = await createServiceApp({ service: 'order', logger: testLogger() });
  await app.register(deadLetterRoutes, { bus, adminApiKey });
  for (const service of busServices.filter((s) => !silent.includes(s))) {
    const sub = await serveDeadLetterReplay(bus, service);
    if (sub) t.teardown(() => sub.stop());
  }
  t.teardown(async () => {
    await app.close();
    await bus.close();
  });
  return { app, bus };
}

const succeeded = () => makeEnvelope('payment.succeeded', { orderId: 'ord_route', paymentIntentId: 'pi_route', amount: 4900, currency: 'eur' });

t.test('a payment.* letter is replayed through the admin route, then is gone', async (t) => {
  const { app, bus } = await build(t);
  const envelope = succeeded();
  await bus.deadLetters.add({
    subject: 'payment.succeeded',
    durable: 'order-payments',
    deliveries: 6,
    reason: 'order store down',
    payload: JSON.stringify(envelope),
  });
  const list = await app.inject({ method: 'GET', url: '/api/admin/deadletters', headers });
  const [letter] = list.json().deadLetters;
  t.match(letter, { subject: 'payment.succeeded', durable: 'order-payments', eventId: envelope.id, replayable: true });

  const res = await app.inject({ method: 'POST', url: `/api/admin/deadletters/${letter.id}/replay`, headers });
  t.equal(res.statusCode, 200);
  t.match(res.json(), { replayed: true, deadLetter: { id: letter.id, subject: 'payment.succeeded', eventId: envelope.id } });

  const again = await app.inject({ method: 'POST', url: `/api/admin/deadletters/${letter.id}/replay`, headers });
  t.equal(again.statusCode, 404, 'already replayed');
  t.equal(again.json().error.code, 'NOT_FOUND');
});

t.test('bad input is a 4xx in the error shape, never a 5xx', async (t) => {
  const { app, bus } = await build(t);
  await bus.deadLetters.add({ subject: 'payment.succeeded', durable: 'order-payments', deliveries: 1, reason: 'junk', payload: '{"not":"an event"}' });
  const [junk] = (await bus.deadLetters.list({ limit: 1 })).items;

  const cases = [
    { url: '/api/admin/deadletters/no-such-letter/replay', status: 404, code: 'NOT_FOUND' },
    { url: `/api/admin/deadletters/${encodeURIComponent('bad id!')}/replay`, status: 400, code: 'VALIDATION_ERROR' },
    { url: `/api/admin/deadletters/${junk!.id}/replay`, status: 422, code: 'NOT_REPLAYABLE' },
  ];
  for (const c of cases) {
    const res = await app.inject({ method: 'POST', url: c.url, headers });
    t.equal(res.statusCode, c.status, c.url);
    t.equal(res.json().error.code, c.code);
    t.ok(res.json().error.requestId);
  }
  const anonymous = await app.inject({ method: 'POST', url: `/api/admin/deadletters/${junk!.id}/replay` });
  t.equal(anonymous.statusCode, 401);
  t.ok(await bus.deadLetters.get(junk!.id), 'nothing was replayed');
});

t.test('an owner that does not answer: 503 saying a retry is safe, the letter kept, the retry replays it once', async (t) => {
  const { app, bus } = await build(t, ['payment']);
  await bus.deadLetters.add({ subject: 'payment.succeeded', durable: 'order-payments', deliveries: 6, reason: 'down', payload: JSON.stringify(succeeded()) });
  const letter = (await bus.deadLetters.list({ limit: 10 })).items[0];
  const res = await app.inject({ method: 'POST', url: `/api/admin/deadletters/${letter!.id}/replay`, headers });
  t.equal(res.statusCode, 503);
  t.equal(res.json().error.code, 'REPLAY_UNCONFIRMED');
  t.match(res.json().error.message, /Retrying is safe: a letter already replayed answers 404/);
  t.ok(await bus.deadLetters.get(letter!.id), 'the letter is still there');

  const sub = await serveDeadLetterReplay(bus, 'payment');
  t.teardown(() => sub?.stop());
  const retry = await app.inject({ method: 'POST', url: `/api/admin/deadletters/${letter!.id}/replay`, headers });
  t.equal(retry.statusCode, 200, 'the retry, once the owner answers, replays it');
  const again = await app.inject({ method: 'POST', url: `/api/admin/deadletters/${letter!.id}/replay`, headers });
  t.equal(again.statusCode, 404);
});
