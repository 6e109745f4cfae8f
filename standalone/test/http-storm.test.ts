import t from 'tap';
import Stripe from 'stripe';
import { rawHttp, type RawExchange } from '@lumira/testing';
import { startTestSystem } from './harness.js';
import { stormPlan, type StormCase } from './storm-cases.js';

const SEED = 0x5eed;
/** About 3,300 requests: the storm that found the gateway's 5xx answered 45–50 of as many. */
const CONNECTIONS = 1200;
const PARALLEL = 16;
const WEBHOOK_SECRET = 'whsec_local_lumira_emulator_secret';

function isOurErrorBody(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; requestId?: unknown } };
    return (
      Object.keys(body).length === 1 &&
      typeof body.error?.code === 'string' &&
      typeof body.error.message === 'string' &&
      typeof body.error.requestId === 'string'
    );
  } catch {
    return false;
  }
}

/** What this connection did that a correct server never does. */
function problemsOf(c: StormCase, res: RawExchange): string[] {
  const found: string[] = [];
  res.responses.forEach((r, i) => {
    if (r.status >= 500) found.push(`answered ${r.status}: ${r.body.slice(0, 160)}`);
    if (r.status >= 400 && c.methods[i] !== 'HEAD' && !isOurErrorBody(r.body)) found.push(`a ${r.status} not in our error shape: ${r.body.slice(0, 160)}`);
  });
  if (c.wellFramed) {
    if (res.responses.length !== c.responses) found.push(`${res.responses.length} answers to ${c.responses} requests`);
    if (res.reset) found.push('reset by the server');
    if (c.serverCloses && !res.closedByServer) found.push('not closed after Connection: close');
  }
  if (res.timedOut) found.push('neither answered nor closed (a hang)');
  return found;
}

t.test('a storm of malformed, oversized, pipelined and truncated requests: no 5xx, no reset, still ready, still selling', async (t) => {
  const s = await startTestSystem(t, { captureLogs: true, env: { LOG_LEVEL: 'warn' } });
  const port = Number(new URL(s.system.gatewayUrl).port);
  const plan = stormPlan(SEED, CONNECTIONS);
  const problems: string[] = [];
  const statuses = new Map<string, number>();
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < plan.length) {
      const index = next++;
      const c = plan[index]!;
      const res = await rawHttp(port, {
        parts: c.parts,
        methods: c.methods,
        // When the server must close, the test waits for it to do so.
        ...(c.wellFramed && !c.serverCloses ? { responses: c.responses } : {}),
        ...(c.close ? { close: c.close } : {}),
        awaitContinue: c.awaitContinue ?? false,
        timeoutMs: 10_000,
      });
      for (const r of res.responses) statuses.set(String(r.status), (statuses.get(String(r.status)) ?? 0) + 1);
      for (const problem of problemsOf(c, res))
        problems.push(
          `#${index} ${c.kind}: ${problem}; sent ${JSON.stringify(
            Buffer.concat(c.parts.filter((p) => typeof p !== 'number'))
              .subarray(0, 200)
              .toString('latin1'),
          )}`,
        );
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const answers = [...statuses.values()].reduce((a, b) => a + b, 0);
  t.comment(
    `${plan.length} connections, ${answers} answers in ${Date.now() - started} ms; by status: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
  );
  t.same(problems.slice(0, 30), [], `no 5xx, no reset, no hang, every error in our shape (${problems.length} problems)`);

  const ready = await s.api('/ready');
  t.equal(ready.status, 200, 'the system is still ready');

  const checkout = await s.api('/api/payments/create-payment-intent', {
    method: 'POST',
    json: { productId: 'intuitive', customerEmail: `storm.${process.pid}@example.com` },
  });
  t.equal(checkout.status, 200);
  await s.stripe.paymentIntents.confirm(checkout.body.paymentIntentId, { payment_method: 'pm_card_visa' });
  const order = await s.waitForOrder(checkout.body.orderId, 'completed');
  t.equal(order.status, 'completed', 'a purchase still completes');

  // Stripe does not bound its event ids: a signed event with a very long one is accepted, not a 500.
  const payload = JSON.stringify({
    id: `evt_${'L'.repeat(300)}`,
    type: 'payment_intent.succeeded',
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: checkout.body.paymentIntentId, object: 'payment_intent' } },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  const webhook = await s.api('/api/webhooks/stripe', {
    method: 'POST',
    body: payload,
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
  });
  t.equal(webhook.status, 200);
  t.same(webhook.body, { received: true, duplicate: false });

  const errors = s.logs.filter((line) => line.level >= 50);
  t.same(
    errors.slice(0, 5).map((l) => `${l.service ?? '?'}: ${l.msg}`),
    [],
    'no error-level log line',
  );
  const warnings = new Map<string, number>();
  for (const line of s.logs.filter((l) => l.level === 40))
    warnings.set(`${line.service ?? '?'}: ${line.msg}`, (warnings.get(`${line.service ?? '?'}: ${line.msg}`) ?? 0) + 1);
  t.comment(`warnings: ${JSON.stringify(Object.fromEntries(warnings))}`);
});
