import { fileURLToPath } from 'node:url';
import { commonConfig, env, timeoutVars } from '@lumira/config';

export const defaultCatalogPath = fileURLToPath(new URL('../catalog.json', import.meta.url));

export const paymentConfig = {
  ...commonConfig,
  PORT: env.port({ description: 'HTTP port of the payment service', default: '3001' }),
  STRIPE_SECRET_KEY: env.optionalString({
    description: 'Stripe secret key (sk_live_… or sk_test_…); unset = Stripe emulator if STRIPE_API_BASE is set, else paid products answer 503',
    secret: true,
  }),
  STRIPE_WEBHOOK_SECRET: env.optionalString({
    description: 'Signing secret of the Stripe webhook endpoint (whsec_…); required to accept webhooks',
    secret: true,
  }),
  STRIPE_API_BASE: env.optionalUrl({ description: 'Base URL of a Stripe-compatible API (the local emulator); unset = api.stripe.com' }),
  STRIPE_TIMEOUT_MS: env.int({
    description: 'Timeout of one try of a Stripe API call (stripe-node tries 3 times); its worst case stays below BUS_ACK_WAIT_MS',
    default: '8000',
    min: 100,
    max: 120000,
  }),
  CHECKOUT_TIMEOUT_MS: env.int({
    description: "Deadline of one checkout (its Stripe calls and requests); below the gateway's UPSTREAM_TIMEOUT_MS",
    default: '12000',
    min: 1000,
    max: 600000,
  }),
  // The gateway's own variable, read here to check that a checkout ends before the gateway answers 504.
  UPSTREAM_TIMEOUT_MS: timeoutVars.UPSTREAM_TIMEOUT_MS,
  FREE_ORDERS_PER_ADDRESS: env.int({ description: 'Free orders one address may place per FREE_ORDER_WINDOW_HOURS', default: '3', min: 1 }),
  FREE_ORDERS_PER_IP: env.int({ description: 'Free orders one IP may place per FREE_ORDER_WINDOW_HOURS', default: '10', min: 1 }),
  FREE_ORDER_WINDOW_HOURS: env.int({ description: 'Window of the free-order limits', default: '24', min: 1 }),
  STRIPE_MISSED_EVENTS_SECONDS: env.int({
    description:
      "How often Stripe's event list is read for payment events whose webhook delivery failed (delivery_success=false, from a stored cursor); 0 = never",
    default: '300',
    min: 0,
    max: 86400,
  }),
  STRIPE_MISSED_EVENTS_LOOKBACK_HOURS: env.int({
    description: 'How far back the first read of missed events looks (Stripe retries deliveries for 3 days)',
    default: '72',
    min: 1,
    max: 720,
  }),
  WEBHOOK_EVENT_RETENTION_DAYS: env.int({
    description:
      'Recorded Stripe webhook events are deleted this long after receipt; at least 35: Stripe redelivers for 3 days and the missed-events reader may look back 30, and the record is what makes a repeat a duplicate',
    default: '35',
    min: 35,
  }),
  CHECKOUT_REQUEST_RETENTION_DAYS: env.int({
    description:
      "Checkout requests (an Idempotency-Key's order, a customer's open purchase) are deleted this long after creation; at least 2, above the open purchase's 24 hours",
    default: '7',
    min: 2,
  }),
  CATALOG_PATH: env.string({ description: 'JSON file of the products on sale (validated at start)', default: defaultCatalogPath }),
};
