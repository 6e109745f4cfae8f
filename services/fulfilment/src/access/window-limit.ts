import { createHash } from 'node:crypto';
import { insertIfAbsent, type Collection } from '@lumira/store';

export interface CounterDoc {
  _id: string;
  count: number;
  /** End of the window; a TTL index removes the counter after it. */
  expiresAt: Date;
}

export interface WindowLimit {
  /** Counts one use of `subject`; false once the window's allowance is spent. */
  take(subject: string): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export async function createCounterIndex(counters: Collection<CounterDoc>): Promise<void> {
  await counters.createIndex('expiresAt', { expireAfterSeconds: 0 });
}

/**
 * A fixed-window allowance kept in the store, so every replica counts together and a restart forgets
 * nothing. The subject (an address, an IP) is kept only as a hash in the counter's id.
 */
export function windowLimit(counters: Collection<CounterDoc>, options: { scope: string; max: number; windowMs: number; now?: () => number }): WindowLimit {
  const now = options.now ?? Date.now;
  return {
    async take(subject) {
      const at = now();
      const window = Math.floor(at / options.windowMs);
      const end = (window + 1) * options.windowMs;
      const hash = createHash('sha256').update(`${options.scope}\n${subject}`).digest('base64url');
      const _id = `${options.scope}:${hash}:${window}`;
      await insertIfAbsent(counters, { _id, count: 0, expiresAt: new Date(end) });
      const counted = await counters.findOneAndUpdate({ _id, count: { $lt: options.max } }, { $inc: { count: 1 } });
      return { allowed: counted !== null, retryAfterSeconds: Math.max(1, Math.ceil((end - at) / 1000)) };
    },
  };
}
