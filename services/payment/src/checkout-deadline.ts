import { fitStripeCall } from '@lumira/config';
import type Stripe from 'stripe';
import { CheckoutTimeoutError } from './errors.js';

export interface CheckoutTimeouts {
  /** CHECKOUT_TIMEOUT_MS: the whole checkout, below the gateway's upstream timeout (libs/config timeout-budget). */
  checkoutMs: number;
  /** STRIPE_TIMEOUT_MS: one try of one Stripe call. */
  stripeMs: number;
}

/**
 * One checkout's deadline. Every Stripe call and bus request in it gets at most what remains, so the payment
 * service answers (and abandons the order) before the gateway gives up with a 504 and leaves the client guessing.
 */
export interface CheckoutDeadline {
  /** Options for the next Stripe call: the usual retries when they fit, fewer or a shorter try when not. */
  stripe(): Stripe.RequestOptions;
  /** Options for the next bus request. */
  rpc(correlationId: string): { correlationId: string; timeoutMs: number };
}

export function checkoutDeadline(timeouts: CheckoutTimeouts, now: () => number = Date.now): CheckoutDeadline {
  const end = now() + timeouts.checkoutMs;
  const remaining = () => {
    const left = end - now();
    if (left < 1) throw new CheckoutTimeoutError();
    return left;
  };
  return {
    stripe: () => fitStripeCall(remaining(), timeouts.stripeMs) ?? {},
    rpc: (correlationId) => ({ correlationId, timeoutMs: remaining() }),
  };
}
