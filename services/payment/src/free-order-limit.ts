import { createHash } from 'node:crypto';
import { insertIfAbsent, type Collection } from '@lumira/store';

export interface FreeOrderCounter {
  _id: string;
  count: number;
  /** End of the window; a TTL index removes the counter after it. */
  expiresAt: Date;
}

export interface FreeOrderLimits {
  perAddress: number;
  perIp: number;
  windowMs: number;
}

export interface FreeOrderRefusal {
  by: 'address' | 'ip';
  retryAfterSeconds: number;
}

export interface FreeOrderLimit {
  /** Counts one free order for the address and the IP, or says which allowance is spent (and counts nothing). */
  admit(email: string, ip: string): Promise<FreeOrderRefusal | null>;
}

export async function createFreeOrderIndex(counters: Collection<FreeOrderCounter>): Promise<void> {
  await counters.createIndex('expiresAt', { expireAfterSeconds: 0 });
}

/**
 * The free level sends the shop's mails to whatever address is typed: without a limit it is a way to mail
 * anyone in the shop's name. Fixed windows in the store, so every replica counts together; address and IP
 * are kept only as hashes.
 */
export function freeOrderLimit(counters: Collection<FreeOrderCounter>, limits: FreeOrderLimits, now: () => number = Date.now): FreeOrderLimit {
  async function take(scope: string, subject: string, max: number, at: number): Promise<string | null> {
    const window = Math.floor(at / limits.windowMs);
    const _id = `${scope}:${createHash('sha256').update(subject).digest('base64url')}:${window}`;
    await insertIfAbsent(counters, { _id, count: 0, expiresAt: new Date((window + 1) * limits.windowMs) });
    return (await counters.findOneAndUpdate({ _id, count: { $lt: max } }, { $inc: { count: 1 } })) ? _id : null;
  }
  return {
    async admit(email, ip) {
      const at = now();
      const retryAfterSeconds = Math.max(1, Math.ceil(((Math.floor(at / limits.windowMs) + 1) * limits.windowMs - at) / 1000));
      const address = await take('free-address', email, limits.perAddress, at);
      if (!address) return { by: 'address', retryAfterSeconds };
      if (await take('free-ip', ip, limits.perIp, at)) return null;
      // Refused for the IP: the address's count is given back, nothing was ordered.
      await counters.updateOne({ _id: address }, { $inc: { count: -1 } });
      return { by: 'ip', retryAfterSeconds };
    },
  };
}
