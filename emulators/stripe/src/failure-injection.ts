import { errorForStatus, StripeApiError, type StripeErrorBody } from './stripe-errors.js';

export interface InjectedFailure {
  method?: string;
  path: RegExp;
  status: number;
  /** How many matching requests fail; 0 removes the matching injections. */
  times?: number;
  body?: StripeErrorBody;
  /** Sent as `Stripe-Should-Retry` when given. */
  shouldRetry?: boolean;
}

/**
 * Failures a test asks for. They are raised after the Idempotency-Key is registered, so they are stored and
 * replayed as Stripe stores a real one: a 5xx is kept for the key, a 401 or 429 (refused before running) is not.
 */
export function failureInjection() {
  const failures: (InjectedFailure & { left: number })[] = [];
  return {
    add(failure: InjectedFailure) {
      if (failure.times === 0) {
        for (const f of failures) if (String(f.path) === String(failure.path) && f.method === failure.method) f.left = 0;
        return;
      }
      failures.push({ ...failure, left: failure.times ?? 1 });
    },
    check(method: string, path: string) {
      const hit = failures.find((f) => f.left > 0 && f.path.test(path) && (!f.method || f.method === method));
      if (!hit) return;
      hit.left--;
      throw new StripeApiError(hit.status, hit.body ?? errorForStatus(hit.status), {
        validation: hit.status < 500,
        ...(hit.shouldRetry !== undefined ? { shouldRetry: hit.shouldRetry } : {}),
      });
    },
  };
}
