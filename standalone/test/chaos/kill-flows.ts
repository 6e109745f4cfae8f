import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Test } from 'tap';
import Stripe from 'stripe';
import { createEvent } from '@lumira/bus';
import { createDolibarrEmulator } from '@lumira/dolibarr-emulator';
import { openStore } from '@lumira/store';
import { createStripeEmulator } from '@lumira/stripe-emulator';
import { startNatsServer, tempDir, waitFor } from '@lumira/testing';
import { startChildSystem, type ChildSystem } from './child-system.js';

const SECRET = 'whsec_chaos_secret_0123456789';
const ADMIN = 'chaos-admin-key-0123456789abcdef';
const DOLIBARR_KEY = 'chaos-dolibarr-key';

interface Signed {
  body: string;
  signature: string;
}

/** A system in a child process with Stripe, Dolibarr (and NATS) outside it, so they outlive its kill -9. */
async function environment(t: Test, transport: 'memory' | 'nats') {
  const data = await tempDir('lumira-chaos-');
  t.teardown(() => data.remove());
  const stripeEmulator = createStripeEmulator({ logger: false });
  const stripeUrl = await stripeEmulator.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => stripeEmulator.close());
  const dolibarr = createDolibarrEmulator({ apiKey: DOLIBARR_KEY, badKeyDelayMs: 5 });
  const dolibarrUrl = await dolibarr.listen();
  t.teardown(() => dolibarr.close());
  const nats = transport === 'nats' ? await startNatsServer() : undefined;
  if (nats) t.teardown(() => nats.stop());
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
    DATA_DIR: data.dir,
    ADMIN_API_KEY: ADMIN,
    RATE_LIMIT_MAX: '1000000',
    STRIPE_SECRET_KEY: 'sk_test_chaos',
    STRIPE_API_BASE: stripeUrl,
    STRIPE_WEBHOOK_SECRET: SECRET,
    DOLIBARR_URL: dolibarrUrl,
    DOLIBARR_API_KEY: DOLIBARR_KEY,
    DOLIBARR_POLL_SECONDS: '0',
    CRM_WORK_POLL_MS: '100',
    NOTIFICATION_POLL_MS: '100',
    ...(nats ? { NATS_URL: nats.url } : {}),
  };
  const url = new URL(stripeUrl);
  const stripe = new Stripe('sk_test_chaos', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
  let system: ChildSystem | undefined;
  t.teardown(async () => await system?.stop());
  const start = async () => (system = await startChildSystem(env));
  const api = async (s: ChildSystem, route: string) => {
    const res = await fetch(new URL(route, s.gatewayUrl), { headers: { authorization: `Bearer ${ADMIN}` } });
    if (res.status !== 200) throw new Error(`${route}: ${res.status}`);
    return (await res.json()) as any;
  };
  const mailFiles = async () => (await readdir(path.join(data.dir, 'mail')).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
  return { data, dolibarr, stripe, start, api, mailFiles };
}

/** Issue 11's chaos scenarios, on the transport given. */
export function killFlows(t: Test, transport: 'memory' | 'nats'): void {
  t.test('kill -9 in the middle of a burst of duplicated, shuffled webhooks, then a restart on the same data', async (t) => {
    const env = await environment(t, transport);
    let system = await env.start();
    const users = Array.from({ length: 6 }, (_, i) => `chaos.${transport}.${process.pid}.${i}@example.com`);
    const orders = new Map<string, string>();
    for (const email of users) {
      for (let k = 0; k < 3; k++) {
        const res = await fetch(new URL('/api/payments/create-payment-intent', system.gatewayUrl), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ productId: 'alchimique', customerEmail: email }),
        });
        const body = (await res.json()) as { orderId: string; paymentIntentId: string };
        t.equal(res.status, 200);
        await env.stripe.paymentIntents.confirm(body.paymentIntentId, { payment_method: 'pm_card_visa' });
        orders.set(body.paymentIntentId, body.orderId);
      }
    }
    const signed: Signed[] = [];
    for await (const event of env.stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 })) {
      if (!orders.has((event.data.object as { id: string }).id)) continue;
      const body = JSON.stringify(event);
      signed.push({ body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }) });
    }
    t.equal(signed.length, orders.size);
    // Stripe delivers at least once and in any order: every event three times, shuffled (seeded).
    let seed = 7;
    const burst = [...signed, ...signed, ...signed]
      .map((s) => ({ s, key: (seed = (seed * 16807) % 2147483647) }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.s);
    const acknowledged = new Set<string>();
    const post = async (s: Signed, into: ChildSystem) => {
      try {
        const res = await fetch(new URL('/api/webhooks/stripe', into.gatewayUrl), {
          method: 'POST',
          body: s.body,
          headers: { 'content-type': 'application/json', 'stripe-signature': s.signature },
        });
        await res.arrayBuffer();
        if (res.ok) acknowledged.add(s.body);
        return res.status;
      } catch {
        return 0;
      }
    };
    let sent = 0;
    const killAt = Math.floor(burst.length / 3);
    let crashed: Promise<void> | undefined;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let s = burst[sent++]; s; s = burst[sent++]) {
          await post(s, system);
          if (sent >= killAt) crashed ??= system.crash();
          if (crashed) break;
        }
      }),
    );
    await crashed;
    t.ok(acknowledged.size < signed.length, `killed mid-burst (${acknowledged.size} of ${signed.length} events acknowledged)`);

    system = await env.start();
    // Stripe retries what it did not get a 2xx for; the rest may come again too.
    const statuses = await Promise.all([...signed, ...signed.slice(0, 5)].map(async (s) => await post(s, system)));
    t.ok(
      statuses.every((s) => s === 200),
      'every delivery accepted after the restart',
    );

    const orderIds = [...orders.values()];
    await waitFor(
      async () => {
        const { orders: list } = await env.api(system, '/api/admin/orders?limit=200');
        return orderIds.every((id) => list.find((o: { id: string; status: string }) => o.id === id)?.status === 'completed');
      },
      { what: 'every order completed', timeoutMs: 60_000 },
    );
    await waitFor(async () => (await env.mailFiles()).filter((f) => f.startsWith('order.completed_')).length === orderIds.length, {
      what: 'the mails',
      timeoutMs: 30_000,
    });
    const { notifications } = await env.api(system, '/api/admin/notifications?limit=200');
    for (const orderId of orderIds) {
      const mine = notifications.filter((n: { orderId: string; kind: string }) => n.orderId === orderId && n.kind === 'order.completed');
      t.equal(mine.length, 1, `one confirmation for ${orderId}`);
    }
    for (const email of users) {
      const { users: found } = await env.api(system, `/api/admin/users?email=${encodeURIComponent(email)}`);
      t.equal(found[0]?.totalOrders, 3, `${email}: three orders counted, no more`);
    }
    await waitFor(() => orderIds.every((id) => env.dolibarr.invoices().some((i) => i.ref_ext === id && i.paye === 1)), {
      what: 'the invoices',
      timeoutMs: 60_000,
    });
    for (const orderId of orderIds) t.equal(env.dolibarr.invoices().filter((i) => i.ref_ext === orderId).length, 1, `one invoice for ${orderId}`);
    t.equal(env.dolibarr.thirdparties().filter((tp) => users.includes(tp.email ?? '')).length, users.length, 'one customer each');
    const { deadLetters } = await env.api(system, '/api/admin/deadletters');
    t.same(deadLetters, [], 'nothing dead-lettered');
  });

  t.test('an order.completed left in an outbox by a crash is mailed and invoiced at the next start', async (t) => {
    const env = await environment(t, transport);
    const orderId = `ord_seeded${process.pid}${transport}`;
    const facts = {
      orderId,
      userId: `usr_seeded${transport}`,
      customerEmail: `seeded.${transport}@example.com`,
      customerName: 'Élise',
      locale: 'fr' as const,
      productId: 'intuitive',
      level: 2,
      productName: 'Intuitive',
      amount: 1400,
      currency: 'eur' as const,
      free: false,
      paymentIntentId: 'pi_seeded',
    };
    const now = new Date();
    const root = await openStore({ dataDir: env.data.dir });
    await root
      .forService('order')
      .collection<{ _id: string } & Record<string, unknown>>('orders')
      .insertOne({
        _id: orderId,
        ...facts,
        status: 'completed',
        failure: null,
        access: { level: 2, status: 'active', grantedAt: now, revokedAt: null },
        createdAt: now,
        updatedAt: now,
        completedAt: now,
        closedAt: null,
        closeReason: null,
        outbox: [createEvent('order.completed', { ...facts, completedAt: now.toISOString() }, { id: `order.completed:${orderId}` })],
        outboxPendingSince: now.getTime() - 60_000,
      });
    await root.close();
    const system = await env.start();
    await waitFor(async () => (await env.mailFiles()).includes(`order.completed_${orderId}.eml`), { what: 'the mail', timeoutMs: 30_000 });
    await waitFor(() => env.dolibarr.invoices().some((i) => i.ref_ext === orderId && i.paye === 1), { what: 'the invoice', timeoutMs: 30_000 });
    t.equal((await env.api(system, `/api/admin/orders?limit=5`)).orders[0]?.id, orderId);
  });
}
