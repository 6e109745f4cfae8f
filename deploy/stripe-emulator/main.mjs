// The Stripe emulator as a container (docker compose --profile local): Stripe's API for the payment
// service, and each event signed and POSTed to the gateway's webhook route, as Stripe would.
import { createStripeEmulator } from '@lumira/stripe-emulator';

const port = Number(process.env.PORT || 3000);
const url = process.env.STRIPE_WEBHOOK_URL;
const secret = process.env.STRIPE_WEBHOOK_SECRET;
if (!url || !secret) {
  process.stderr.write('stripe-emulator: STRIPE_WEBHOOK_URL and STRIPE_WEBHOOK_SECRET must be set (the same whsec_… value as the payment service)\n');
  process.exit(1);
}

const emulator = createStripeEmulator({ webhook: { url, secret }, logger: { level: process.env.LOG_LEVEL || 'info' } });
const address = await emulator.listen({ port, host: '0.0.0.0' });
process.stdout.write(`stripe-emulator listening on ${address}, webhooks to ${url}\n`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
