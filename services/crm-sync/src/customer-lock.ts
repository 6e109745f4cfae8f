import { insertIfAbsent, newLeaseToken, type Collection } from '@lumira/store';

export interface CustomerLockDoc {
  _id: string;
  lockedUntil: number;
  /** The holder's token: only it may extend or release the lock. */
  token?: string | null;
}

/** A held lock: renew and release act only while it is still this holder's. */
export interface CustomerLock {
  userId: string;
  token: string;
}

/**
 * Dolibarr has no idempotency keys, so two replicas creating one customer's thirdparty at once would make
 * two. Every job touching a customer first takes this lease; a crashed holder's lease simply runs out, and a
 * holder that outlived its lease can no longer release (or extend) the lock another has taken since.
 */
export function customerLocks(locks: Collection<CustomerLockDoc>, leaseMs: number) {
  return {
    async acquire(userId: string): Promise<CustomerLock | null> {
      const now = Date.now();
      const token = newLeaseToken();
      const taken = await locks.updateOne({ _id: userId, lockedUntil: { $lte: now } }, { $set: { lockedUntil: now + leaseMs, token } });
      if (taken.matched === 1) return { userId, token };
      return (await insertIfAbsent(locks, { _id: userId, lockedUntil: now + leaseMs, token })) ? { userId, token } : null;
    },
    /** False when the lock is no longer ours. */
    async renew(lock: CustomerLock): Promise<boolean> {
      const r = await locks.updateOne({ _id: lock.userId, token: lock.token }, { $set: { lockedUntil: Date.now() + leaseMs } });
      return r.matched === 1;
    },
    async release(lock: CustomerLock): Promise<void> {
      await locks.updateOne({ _id: lock.userId, token: lock.token }, { $set: { lockedUntil: 0, token: null } });
    },
  };
}
export type CustomerLocks = ReturnType<typeof customerLocks>;
