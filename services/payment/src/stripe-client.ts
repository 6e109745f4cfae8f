import Stripe from 'stripe';

export type StripeMode = 'live' | 'emulator' | 'disabled';

export interface StripeSettings {
  secretKey?: string | undefined;
  apiBase?: string | undefined;
  timeoutMs: number;
}

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
  const options: Stripe.StripeConfig = { timeout: settings.timeoutMs, maxNetworkRetries: 2, telemetry: false, appInfo: { name: 'lumira-payment' } };
  if (settings.apiBase) {
    const url = new URL(settings.apiBase);
    options.host = url.hostname;
    options.port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    options.protocol = url.protocol === 'https:' ? 'https' : 'http';
  }
  return new Stripe(settings.secretKey ?? EMULATOR_KEY, options);
}

/** Signature checks need no API key; a client built for them alone never calls Stripe. */
export const webhookVerifier: Stripe['webhooks'] = new Stripe('sk_test_signature_only').webhooks;

export function isStripeError(err: unknown): err is Stripe.errors.StripeError {
  return err instanceof Stripe.errors.StripeError;
}
