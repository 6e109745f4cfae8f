import { insertIfAbsent, type Collection } from '@lumira/store';

export interface CustomerLockDoc {
  _id: string;
  lockedUntil: number;
}

/**
 * Dolibarr has no idempotency keys, so two replicas creating one customer's thirdparty at once would make
 * two. Every job touching a customer first takes this lease; a crashed holder's lease simply runs out.
 */
export function customerLocks(locks: Collection<CustomerLockDoc>, leaseMs: number) {
  return {
    async acquire(userId: string): Promise<boolean> {
      const now = Date.now();
      const taken = await locks.updateOne({ _id: userId, lockedUntil: { $lte: now } }, { $set: { lockedUntil: now + leaseMs } });
      if (taken.matched === 1) return true;
      return await insertIfAbsent(locks, { _id: userId, lockedUntil: now + leaseMs });
    },
    async release(userId: string): Promise<void> {
      await locks.updateOne({ _id: userId }, { $set: { lockedUntil: 0 } });
    },
  };
}
export type CustomerLocks = ReturnType<typeof customerLocks>;
