export interface RetryDelayInput {
  /** The attempt that just failed, counting from 1. */
  attempt: number;
  /** What the provider asked for (`Retry-After`), if it did. */
  retryAfterMs?: number;
  baseMs: number;
  maxMs: number;
  random?: () => number;
}

/**
 * Exponential backoff with full jitter: a uniform draw in [0, min(maxMs, baseMs·2^(attempt-1))], so many
 * senders throttled at once spread out instead of retrying in step. A Retry-After wins over the cap: retrying
 * earlier than the provider asked is a guaranteed failure, and `shouldGiveUp` bounds the total wait anyway.
 */
export function nextRetryDelayMs({ attempt, retryAfterMs, baseMs, maxMs, random = Math.random }: RetryDelayInput): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  const jittered = Math.floor(random() * ceiling);
  return Math.max(retryAfterMs ?? 0, Math.min(jittered, maxMs));
}

/** Bounded by time elapsed rather than by attempts, because one Retry-After alone can be a long wait. */
export function shouldGiveUp({ firstAttemptAt, now, maxTotalMs }: { firstAttemptAt: Date | number; now: Date | number; maxTotalMs: number }): boolean {
  return Number(now) - Number(firstAttemptAt) >= maxTotalMs;
}
