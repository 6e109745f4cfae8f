import { createRequire } from 'node:module';
import type Stripe from 'stripe';
import { createStripeClient, STRIPE_API_VERSION } from '@lumira/payment/stripe-client';
import { startStripeProcess } from './stripe-process.js';

/**
 * `node bench/dist/stripe-client.js` (after `tsc -p bench`): the CPU this process spends per Stripe call,
 * the payment service's client (stripe-node over undici, one deadline per try) against stripe-node's own
 * Node http client, on the call every webhook makes (a PaymentIntent read with its charge). The emulator
 * runs in its own process; rounds alternate, so both see the same machine. Prints figures, asserts nothing.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const CALLS = Number(process.env.BENCH_CALLS ?? 3_000);
const CONCURRENCY = 16;

const emulator = await startStripeProcess({ url: 'http://127.0.0.1:9/unused', secret: 'whsec_unused' });
const base = new URL(emulator.url);
const StripeSdk = createRequire(import.meta.url)('stripe') as typeof Stripe;
const clients = {
  ours: createStripeClient({ apiBase: emulator.url, timeoutMs: 10_000 })!,
  node: new StripeSdk('sk_test_local_emulator', {
    apiVersion: STRIPE_API_VERSION,
    host: base.hostname,
    port: Number(base.port),
    protocol: 'http',
    telemetry: false,
  }),
};
const intent = await clients.ours.paymentIntents.create({ amount: 1_500, currency: 'eur', metadata: { orderId: 'bench' } });

async function round(stripe: Stripe): Promise<number> {
  const before = process.cpuUsage();
  let started = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (started++ < CALLS) await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
    }),
  );
  const used = process.cpuUsage(before);
  return (used.user + used.system) / CALLS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const figures = { ours: [] as number[], node: [] as number[] };
await round(clients.ours); // both compiled before anything is measured
await round(clients.node);
for (let i = 0; i < ROUNDS; i++) {
  figures.node.push(await round(clients.node));
  figures.ours.push(await round(clients.ours));
  console.log(`round ${i + 1}: stripe-node's Node client ${figures.node.at(-1)!.toFixed(1)} µs/call, ours ${figures.ours.at(-1)!.toFixed(1)} µs/call`);
}
const [ours, node] = [median(figures.ours), median(figures.node)];
console.log(
  `\nPaymentIntent read, CPU of the calling process per call (median of ${ROUNDS} alternated rounds of ${CALLS}, ${CONCURRENCY} at once): ` +
    `stripe-node's Node client ${node.toFixed(1)} µs, ours (undici) ${ours.toFixed(1)} µs: ${(node - ours).toFixed(1)} µs less, × ${(ours / node).toFixed(2)}`,
);
emulator.child.kill();
