import t from 'tap';
import Stripe from 'stripe';
import { createStripeEmulator } from '@lumira/stripe-emulator';
import { createStripeClient, STRIPE_API_VERSION } from '../src/stripe-client.js';

t.test('the Stripe API version is pinned in one place and sent on every call', async (t) => {
  t.equal(STRIPE_API_VERSION, Stripe.API_VERSION, "the version the installed stripe-node's types describe");
  const emulator = createStripeEmulator();
  const base = await emulator.listen();
  t.teardown(() => emulator.close());
  const stripe = createStripeClient({ apiBase: base, timeoutMs: 5000 })!;
  const customer = await stripe.customers.create({ email: 'pin@example.com' });
  t.equal(customer.lastResponse.headers['stripe-version'], STRIPE_API_VERSION, 'Stripe answers at the pinned version');
  t.equal(emulator.events().at(-1)?.api_version, STRIPE_API_VERSION, 'and the local account renders its events at it');
});
