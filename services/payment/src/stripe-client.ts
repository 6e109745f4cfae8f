import { createRequire } from 'node:module';
import { STRIPE_NETWORK_RETRIES } from '@lumira/config';
import type Stripe from 'stripe';
import { boundedStripeHttpClient } from './stripe-http.js';

// stripe-node's CommonJS build, not its ES one, which imports node:http as an ES module (see
// libs/http/src/malformed-requests.ts). Only this file makes clients or checks their errors' classes.
const StripeSdk = createRequire(import.meta.url)('stripe') as typeof Stripe;

export type StripeMode = 'live' | 'emulator' | 'disabled';

export interface StripeSettings {
  secretKey?: string | undefined;
  apiBase?: string | undefined;
  timeoutMs: number;
}

/**
 * The one Stripe API version this code is written against, sent on every call. Its type is the installed
 * stripe-node's, so an update of stripe-node that moves to another version fails the build here instead of
 * changing the objects silently. Create the webhook endpoint in Stripe's dashboard with this same version
 * (README, "Stripe webhooks").
 */
export const STRIPE_API_VERSION: Stripe.LatestApiVersion = '2026-10-28.endive';

/** Without a key, the emulator only answers if its address is given; production never falls back to it. */
export function stripeMode(settings: StripeSettings): StripeMode {
  if (settings.secretKey) return 'live';
  return settings.apiBase ? 'emulator' : 'disabled';
}

export const EMULATOR_KEY = 'sk_test_local_emulator';

export function createStripeClient(settings: StripeSettings): Stripe | undefined {
  const mode = stripeMode(settings);
  if (mode === 'disabled') return undefined;
  // No telemetry header: it only reports our own latencies back to Stripe, at a cost on every call.
  const options: Stripe.StripeConfig = {
    apiVersion: STRIPE_API_VERSION,
    timeout: settings.timeoutMs,
    maxNetworkRetries: STRIPE_NETWORK_RETRIES,
    telemetry: false,
    appInfo: { name: 'lumira-payment' },
    httpClient: boundedStripeHttpClient(StripeSdk),
  };
  if (settings.apiBase) {
    const url = new URL(settings.apiBase);
    options.host = url.hostname;
    options.port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    options.protocol = url.protocol === 'https:' ? 'https' : 'http';
  }
  return new StripeSdk(settings.secretKey ?? EMULATOR_KEY, options);
}

/** Signature checks need no API key; a client built for them alone never calls Stripe. */
export const webhookVerifier: Stripe['webhooks'] = new StripeSdk('sk_test_signature_only').webhooks;

export function isStripeError(err: unknown): err is Stripe.errors.StripeError {
  return err instanceof StripeSdk.errors.StripeError;
}

/** Stripe says the object named in `param` does not exist (a customer deleted in Stripe, an id from elsewhere). */
export const isMissing = (err: unknown, param?: string): boolean =>
  isStripeError(err) && err.code === 'resource_missing' && (param === undefined || err.param === param);
