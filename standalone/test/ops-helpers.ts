import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Stripe from 'stripe';
import { freePort, waitFor } from '@lumira/testing';
import type { TestSystem } from './harness.js';

export const SECRET = 'whsec_local_lumira_emulator_secret';

let seq = 0;
export const email = (tag: string) => `${tag}.${process.pid}.${seq++}@example.com`;

/** Helpers over a running test system for the payment-operations flows. */
export function opsHelpers(s: () => TestSystem) {
  const buy = async (productId: string, address: string, headers: Record<string, string> = {}) => {
    const res = await s().api('/api/payments/create-payment-intent', { method: 'POST', json: { productId, customerEmail: address }, headers });
    if (res.status !== 200) throw new Error(`checkout: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { orderId: string; orderToken: string; paymentIntentId: string; clientSecret: string };
  };
  /** An order as admins see it (never synced with Stripe on the way). */
  const order = async (orderId: string, address: string) => {
    const { orders } = await s().admin(`/api/admin/orders?email=${encodeURIComponent(address)}&limit=200`);
    return orders.find((o: { id: string }) => o.id === orderId);
  };
  const until = async (orderId: string, address: string, check: (o: any) => boolean, what: string) =>
    await waitFor(
      async () => {
        const o = await order(orderId, address);
        return o && check(o) ? o : undefined;
      },
      { what, timeoutMs: 15_000 },
    );
  const paid = async (productId: string, address: string, pm = 'pm_card_visa') => {
    const b = await buy(productId, address);
    await s().stripe.paymentIntents.confirm(b.paymentIntentId, { payment_method: pm });
    await until(b.orderId, address, (o) => o.status === 'completed', `${b.orderId} completed`);
    return b;
  };
  const mails = async (orderId: string) => {
    const dir = path.join(s().dataDir, 'mail');
    const names = (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.eml'));
    const texts = await Promise.all(names.map(async (n) => await readFile(path.join(dir, n), 'utf8')));
    return texts.filter((t) => t.includes(`X-Lumira-orderId: ${orderId}\r\n`));
  };
  const notifications = async (orderId: string) =>
    (await s().admin(`/api/admin/notifications?orderId=${orderId}`)).notifications as { id: string; kind: string; status: string }[];
  const metric = async (service: string, name: string, labels = '') => {
    const text = await (await fetch(new URL('/metrics', s().system.serviceUrls[service]))).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}` : ''}`) && (labels || /[\s{]/.test(l[name.length] ?? '')));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  /** The emulator's own deliveries go nowhere: the test decides what Stripe "sends". */
  const mute = async () => s().system.emulator!.setWebhook({ url: `http://127.0.0.1:${await freePort()}/nowhere`, secret: SECRET });
  const unmute = () => s().system.emulator!.setWebhook({ url: `${s().system.gatewayUrl}/api/webhooks/stripe`, secret: SECRET });
  const deliver = async (payload: string) =>
    await s().api('/api/webhooks/stripe', {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) },
    });
  const eventsAbout = (id: string, types?: string[]) =>
    s()
      .system.emulator!.events()
      .filter((e) => JSON.stringify(e.data.object).includes(id) && (!types || types.includes(e.type)));
  const adminPost = async (url: string, json?: unknown, headers: Record<string, string> = {}) =>
    await s().api(url, {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-key-0123456789abcdef', ...headers },
      ...(json === undefined ? {} : { json }),
    });
  return { buy, order, until, paid, mails, notifications, metric, mute, unmute, deliver, eventsAbout, adminPost };
}
