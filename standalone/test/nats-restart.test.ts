import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { waitFor } from '@lumira/testing';
import { startTestSystem } from './harness.js';

/**
 * Issue 11's "NATS killed and restarted mid-flow", for a purchase: nats-server is kill -9'd while paid orders
 * are being confirmed and comes back on the same port and storage. Every order completes once, with one mail
 * and one count in its customer's totals; webhooks taken while NATS was down wait in the payment outbox.
 */
// An ack written just before the kill can die with the server: JetStream then gives the message out again
// once the ack wait has passed (at-least-once, as designed). A short ack wait keeps that within the test's
// waits; the Stripe timeout is lowered with it, as the start-time budget check requires.
const ACK_WAIT_MS = 8_000;

t.test('purchases with nats-server killed and restarted mid-flow: every order completes once', async (t) => {
  const s = await startTestSystem(t, { nats: true, env: { BUS_ACK_WAIT_MS: String(ACK_WAIT_MS), STRIPE_TIMEOUT_MS: '1000' } });
  const nats = s.nats;
  if (!nats) throw new Error('the system has no nats-server');
  const emails = Array.from({ length: 8 }, (_, i) => `nats-restart.${process.pid}.${i}@example.com`);
  const orders: { orderId: string; paymentIntentId: string }[] = [];
  for (const customerEmail of emails) {
    const res = await s.api('/api/payments/create-payment-intent', { method: 'POST', json: { productId: 'intuitive', customerEmail } });
    t.equal(res.status, 200, 'checkout');
    orders.push(res.body);
  }
  const confirm = (o: { paymentIntentId: string }) => s.stripe.paymentIntents.confirm(o.paymentIntentId, { payment_method: 'pm_card_visa' });

  // Half confirmed and in flight (webhook → signal → facts → order → mail) when NATS dies; half while it is down.
  await Promise.all(orders.slice(0, 4).map(confirm));
  await nats.restart();
  await Promise.all(orders.slice(4).map(confirm));

  // Past one ack wait (a lost ack) plus the outbox's sweep (a publish that failed while NATS was down).
  for (const o of orders) await s.waitForOrder(o.orderId, 'completed', ACK_WAIT_MS + 15_000);
  const mailDir = path.join(s.dataDir, 'mail');
  const mailsOf = async (orderId: string) => {
    const names = (await readdir(mailDir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'));
    const texts = await Promise.all(names.map(async (n) => await readFile(path.join(mailDir, n), 'utf8')));
    return texts.filter((text) => text.includes(`X-Lumira-orderId: ${orderId}\r\n`) && text.includes('X-Lumira-notificationId: order.completed:')).length;
  };
  await waitFor(async () => (await Promise.all(orders.map((o) => mailsOf(o.orderId)))).every((n) => n >= 1), {
    what: 'every confirmation mail',
    timeoutMs: 30_000,
  });
  await waitFor(async () => (await Promise.all(emails.map((e) => s.user(e)))).every((u: { totalOrders?: number } | undefined) => u?.totalOrders === 1), {
    what: 'every customer counted',
    timeoutMs: 30_000,
  });
  // Late duplicates (a redelivery after the restart) would show up now: give them time, then count again.
  await new Promise((r) => setTimeout(r, 1_000));
  for (const o of orders) t.equal(await mailsOf(o.orderId), 1, `one mail for ${o.orderId}`);
  for (const e of emails) t.equal((await s.user(e)).totalOrders, 1, `counted once: ${e}`);
  const { orders: listed } = await s.admin('/api/admin/orders?limit=200');
  t.equal(listed.filter((o: { status: string }) => o.status === 'completed').length, orders.length, 'no other order was made');
  const letters = await s.admin('/api/admin/deadletters');
  t.same(letters.deadLetters, [], 'no dead letter');
});
