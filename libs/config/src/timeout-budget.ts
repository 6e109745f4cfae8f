import { env } from './variables.js';

/**
 * The timeout budget, written once (issue 11, item 8). Two chains must each fit inside the one above it:
 *
 *   bus:      one Stripe call with its retries  <  payment handler budget  <  BUS_ACK_WAIT_MS
 *   checkout: CHECKOUT_TIMEOUT_MS + cleanup     <  the gateway's UPSTREAM_TIMEOUT_MS
 *
 * The handler budget is the longest a payment bus handler goes without telling the bus it is alive
 * (`working()` after every Stripe call): past the ack wait, JetStream would deliver the message again while
 * its handler still runs. The checkout is held to a deadline, each Stripe call and request in it given at
 * most what remains, so the payment service answers before the gateway gives up with a 504 while the order
 * and the PaymentIntent are still being made.
 */

/** stripe-node's own retries of a failed call (network error, 409, 429, 5xx); each sleeps before it. */
export const STRIPE_NETWORK_RETRIES = 2;
/** stripe-node's retry sleep: 0.5 s doubled per retry, at most 5 s (its jitter only shortens it). */
const STRIPE_RETRY_DELAY_MS = { initial: 500, max: 5_000 };
/** After a handler's last Stripe call: publishing its facts and writing to the store. */
export const HANDLER_MARGIN_MS = 2_000;
/** After the checkout deadline: the failure path's abandon request and idempotency-key release. */
export const CHECKOUT_CLEANUP_MS = 2_000;
/** The hops gateway → payment and back, and Node's timers firing late on a loaded machine. */
export const CHECKOUT_TRANSPORT_MS = 500;

/** Variables of the budget read by more than one process (the gateway's timeout is checked by payment too). */
export const timeoutVars = {
  UPSTREAM_TIMEOUT_MS: env.int({
    description: 'How long the gateway waits for a service, once it has the whole request, before answering 504',
    default: '15000',
    min: 100,
  }),
};

function stripeBackoffMs(retries: number): number {
  let total = 0;
  for (let n = 1; n <= retries; n++) total += Math.min(STRIPE_RETRY_DELAY_MS.initial * 2 ** (n - 1), STRIPE_RETRY_DELAY_MS.max);
  return total;
}

/** The longest one Stripe call can take: every try to its timeout, with the sleeps between them. */
export function stripeCallMs(timeoutMs: number, retries = STRIPE_NETWORK_RETRIES): number {
  return timeoutMs * (retries + 1) + stripeBackoffMs(retries);
}

/** The longest a payment bus handler goes between two `working()` calls. */
export function handlerBudgetMs(stripeTimeoutMs: number): number {
  return stripeCallMs(stripeTimeoutMs) + HANDLER_MARGIN_MS;
}

/** The longest the gateway can wait for a checkout: its deadline, the cleanup after it, the hops. */
export function checkoutChainMs(checkoutTimeoutMs: number): number {
  return checkoutTimeoutMs + CHECKOUT_CLEANUP_MS + CHECKOUT_TRANSPORT_MS;
}

/**
 * Settings for one Stripe call with `remainingMs` left before a deadline: the usual timeout and retries when
 * they fit, fewer retries, then a single try cut to what remains. Null when nothing remains.
 */
export function fitStripeCall(remainingMs: number, timeoutMs: number): { timeout: number; maxNetworkRetries: number } | null {
  if (remainingMs < 1) return null;
  for (let retries = STRIPE_NETWORK_RETRIES; retries >= 0; retries--) {
    if (stripeCallMs(timeoutMs, retries) <= remainingMs) return { timeout: timeoutMs, maxNetworkRetries: retries };
  }
  return { timeout: Math.floor(remainingMs), maxNetworkRetries: 0 };
}

export interface TimeoutBudgetInput {
  STRIPE_TIMEOUT_MS: number;
  BUS_ACK_WAIT_MS: number;
  CHECKOUT_TIMEOUT_MS: number;
  UPSTREAM_TIMEOUT_MS: number;
}

/** One line per broken inequality, naming the variables and the figures, for a ConfigError at start. */
export function timeoutBudgetProblems(c: TimeoutBudgetInput): string[] {
  const problems: string[] = [];
  const handler = handlerBudgetMs(c.STRIPE_TIMEOUT_MS);
  if (handler >= c.BUS_ACK_WAIT_MS) {
    problems.push(
      `STRIPE_TIMEOUT_MS, BUS_ACK_WAIT_MS: a payment handler may run ${handler} ms between two signs of life (STRIPE_TIMEOUT_MS ${c.STRIPE_TIMEOUT_MS} × ${STRIPE_NETWORK_RETRIES + 1} tries + ${stripeBackoffMs(STRIPE_NETWORK_RETRIES)} ms backoff + ${HANDLER_MARGIN_MS} ms), not below BUS_ACK_WAIT_MS ${c.BUS_ACK_WAIT_MS}: lower the first or raise the second`,
    );
  }
  const chain = checkoutChainMs(c.CHECKOUT_TIMEOUT_MS);
  if (chain >= c.UPSTREAM_TIMEOUT_MS) {
    problems.push(
      `CHECKOUT_TIMEOUT_MS, UPSTREAM_TIMEOUT_MS: a checkout may keep the gateway waiting ${chain} ms (CHECKOUT_TIMEOUT_MS ${c.CHECKOUT_TIMEOUT_MS} + ${CHECKOUT_CLEANUP_MS + CHECKOUT_TRANSPORT_MS} ms cleanup and hops), not below UPSTREAM_TIMEOUT_MS ${c.UPSTREAM_TIMEOUT_MS}: lower the first or raise the second`,
    );
  }
  return problems;
}
