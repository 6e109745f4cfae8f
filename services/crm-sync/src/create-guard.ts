/**
 * Dolibarr has no idempotency keys, and a create that is slow to commit (a locked table) is invisible to a
 * look-up until it commits: looking up after a timeout and creating again made duplicates. So each create
 * is recorded on the job before it is sent, and while a create may still commit (the settling window) no
 * other is sent for that key: the job waits and looks again.
 */

/** Work that must wait: a create may still commit, or what it needs is not there yet. Retried at `retryAt`. */
export class WaitingError extends Error {
  override name = 'WaitingError';
  constructor(
    message: string,
    readonly retryAt: number,
  ) {
    super(message);
  }
}

export interface CreateGuard {
  /** Before a create: throws WaitingError while an earlier create of `key` may still commit. */
  beforeCreate(key: string): Promise<void>;
  /** The create was answered: nothing of `key` is left pending. */
  created(key: string): Promise<void>;
}

/** Keys of creates sent and never answered, with when they were sent (epoch ms). */
export type PendingCreates = Record<string, number>;

/** The end of the settling window of every unanswered create; a job is not done before it. */
export function settlesAt(pending: PendingCreates | undefined, settleMs: number): number {
  return Math.max(0, ...Object.values(pending ?? {}).map((at) => at + settleMs));
}

/** A key as a field name of `pendingCreates`: dots and dollars replaced, as stores refuse them. */
export const pendingKey = (key: string) => key.replace(/[.$]/g, '_');
