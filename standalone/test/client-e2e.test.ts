import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { createLumiraClient, LumiraApiError, type PaidCheckout } from '@lumira/client';
import { waitFor } from '@lumira/testing';
import { startTestSystem, type TestSystem } from './harness.js';

/** The frontends' path through the typed client: a purchase, a decline, and the customer space. */
let s: TestSystem;
let client: ReturnType<typeof createLumiraClient>;
t.before(async () => {
  s = await startTestSystem(t, { env: { ACCESS_URL: 'https://shop.example/espace' } });
  client = createLumiraClient({ baseUrl: s.system.gatewayUrl });
});
let seq = 0;
const address = (tag: string) => `${tag}.${process.pid}.${seq++}@example.com`;

/** The sign-in link's token, from the mail the system left in DATA_DIR/mail (no SendGrid in tests). */
async function signInToken(email: string): Promise<string> {
  const dir = path.join(s.dataDir, 'mail');
  return await waitFor(
    async () => {
      for (const name of (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.eml'))) {
        const text = (await readFile(path.join(dir, name), 'utf8')).replace(/=\r\n/g, '').replace(/=3D/g, '=');
        if (!text.includes('fulfilment.sign-in.requested') || !text.includes(`<${email}>`)) continue;
        const token = /#token=(lsi_[\w-]+)/.exec(text)?.[1];
        if (token) return token;
      }
      return undefined;
    },
    { what: 'the sign-in mail' },
  );
}

t.test('a paid purchase: checkout, Stripe confirms, the webhook completes the order', async (t) => {
  const products = await client.listProducts();
  t.ok(products.some((p) => p.id === 'intuitive' && p.amount === 1400 && p.currency === 'eur'));
  const checkout = (await client.checkout(
    { productId: 'intuitive', customerEmail: address('client'), customerName: 'Élise Dupont' },
    `e2e-${process.pid}-${seq}`,
  )) as PaidCheckout;
  t.equal(checkout.amount, 1400);
  t.equal((await client.getOrder(checkout.orderId, checkout.orderToken)).status, 'pending');
  await s.stripe.paymentIntents.confirm(checkout.paymentIntentId, { payment_method: 'pm_card_visa' });
  await s.waitForOrder(checkout.orderId, 'completed');
  const order = await client.getOrder(checkout.orderId, checkout.orderToken);
  t.equal(order.status, 'completed');
  t.equal(order.access?.status, 'active');
});

t.test('a declined card fails the order with the reason, and errors come typed', async (t) => {
  const checkout = (await client.checkout({ productId: 'alchimique', customerEmail: address('declined') })) as PaidCheckout;
  await t.rejects(s.stripe.paymentIntents.confirm(checkout.paymentIntentId, { payment_method: 'pm_card_chargeDeclined' }), { code: 'card_declined' });
  await s.waitForOrder(checkout.orderId, 'failed');
  const order = await client.getOrder(checkout.orderId, checkout.orderToken);
  t.equal(order.status, 'failed');
  t.equal(order.failure?.code, 'card_declined');
  const wrong = await client.getOrder(checkout.orderId, 'not-the-token').catch((err: unknown) => err);
  t.ok(wrong instanceof LumiraApiError);
  t.match(wrong, { status: 404, code: 'NOT_FOUND' });
  t.match((wrong as LumiraApiError).requestId, /\S/);
  const invalid = await client.checkout({ productId: 'intuitive', customerEmail: 'not-an-address' }).catch((err: unknown) => err);
  t.match(invalid, { status: 400, message: /valid email/ });
});

t.test('the customer space: a mailed link opens a session that lists the purchase, sign-out closes it', async (t) => {
  const email = address('space');
  const checkout = (await client.checkout({ productId: 'intuitive', customerEmail: email })) as PaidCheckout;
  await s.stripe.paymentIntents.confirm(checkout.paymentIntentId, { payment_method: 'pm_card_visa' });
  await s.waitForOrder(checkout.orderId, 'completed');
  t.same(await client.requestSignInLink(email, 'fr'), { accepted: true });
  const session = await client.openSession(await signInToken(email));
  t.match(session.expiresAt, /^\d{4}-/);
  const space = await waitFor(
    async () => {
      const me = await client.customerSpace(session.sessionToken);
      return me.readings.some((r) => r.orderId === checkout.orderId) ? me : undefined;
    },
    { what: 'the reading in the customer space' },
  );
  t.equal(space.email, email);
  t.match(
    space.readings.find((r) => r.orderId === checkout.orderId),
    { productId: 'intuitive', status: 'queued', files: [] },
  );
  await client.signOut(session.sessionToken);
  t.match(await client.customerSpace(session.sessionToken).catch((err: unknown) => err), { status: 401, code: 'SESSION_INVALID' });
});
