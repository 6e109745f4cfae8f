import type { Test } from 'tap';
import Fastify from 'fastify';
import Stripe from 'stripe';
import { createStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from '@lumira/stripe-emulator';

export const SECRET = 'whsec_test_emulator';

export interface TestEmulator {
  emulator: StripeEmulator;
  base: string;
  client(key?: string, retries?: number): Stripe;
  stripe: Stripe;
}

/** An emulator on a free port with a stripe-node client for it, closed when the test ends. */
export async function startEmulator(t: Test, options: StripeEmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = createStripeEmulator({ delivery: { initialDelayMs: 20, maxAttempts: 4, timeoutMs: 2000 }, ...options });
  const base = await emulator.listen();
  t.teardown(() => emulator.close());
  const url = new URL(base);
  const client = (key = 'sk_test_123', retries = 0) =>
    new Stripe(key, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: retries });
  return { emulator, base, client, stripe: client() };
}

/** A webhook endpoint that verifies signatures as the payment service does, failing the first `failFirst` posts. */
export async function webhookReceiver(t: Test, failFirst = 0) {
  const received: Stripe.Event[] = [];
  let posts = 0;
  const app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_r, body, done) => done(null, body));
  app.post('/hook', async (req, reply) => {
    posts++;
    if (posts <= failFirst) return await reply.code(500).send('not yet');
    received.push(Stripe.webhooks.constructEvent(req.body as Buffer, String(req.headers['stripe-signature']), SECRET));
    return { ok: true };
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  return { url: `${base}/hook`, received, posts: () => posts };
}

/** Events about one object (by id anywhere in its data), oldest first. */
export const eventsAbout = (emulator: StripeEmulator, id: string) => emulator.events().filter((e) => JSON.stringify(e.data.object).includes(id));
