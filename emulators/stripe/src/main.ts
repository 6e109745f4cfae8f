import { createStripeEmulator } from './stripe-emulator.js';

/**
 * The emulator as its own process (the benchmark): STRIPE_EMULATOR_PORT, STRIPE_WEBHOOK_URL +
 * STRIPE_WEBHOOK_SECRET to deliver events to the gateway, and STRIPE_EMULATOR_DATA_DIR to keep the
 * account's state across restarts (in memory otherwise).
 */
const port = Number(process.env.STRIPE_EMULATOR_PORT ?? 12111);
const host = process.env.STRIPE_EMULATOR_HOST ?? '0.0.0.0';
const url = process.env.STRIPE_WEBHOOK_URL;
const secret = process.env.STRIPE_WEBHOOK_SECRET;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`stripe-emulator: STRIPE_EMULATOR_PORT: invalid value; expected an integer port between 0 and 65535\n`);
  process.exit(1);
}
if (url && !secret) {
  process.stderr.write('stripe-emulator: STRIPE_WEBHOOK_SECRET: is required with STRIPE_WEBHOOK_URL\n');
  process.exit(1);
}
const dataDir = process.env.STRIPE_EMULATOR_DATA_DIR;
const emulator = createStripeEmulator({ ...(url && secret ? { webhook: { url, secret } } : {}), ...(dataDir ? { dataDir } : {}) });
const address = await emulator.listen({ port, host });
process.stdout.write(`stripe-emulator listening on ${address}${url ? `, webhooks to ${url}` : ''}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void emulator.close().then(() => process.exit(0)));
}
