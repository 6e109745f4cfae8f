import { randomUUID } from 'node:crypto';
import type { Collection, Doc, Filter, Update } from './collection.js';

/**
 * A document that carries its own schedule, so work survives restarts: the schedule is data. `dueAt` is
 * epoch ms and present only while work is due (a sparse index keeps the work list small);
 * `lockedUntil` is the end of a worker's claim.
 */
export interface DueFields {
  dueAt?: number;
  lockedUntil: number;
  attempts: number;
  /**
   * The token of the claim in force. A worker writes its result only under its own token (a fenced
   * lease): a task that outlived its claim, while another worker took the document, changes nothing.
   */
  leaseToken?: string | null;
}

export async function createDueIndex(collection: Collection<Doc>): Promise<void> {
  await collection.createIndex('dueAt', { sparse: true });
}

export const newLeaseToken = (): string => randomUUID();

const dueNow = (now: number) => ({ dueAt: { $lte: now }, lockedUntil: { $lte: now } });

/**
 * One atomic update (due and not leased → leased under a new token, one more attempt), so two replicas
 * never take the same document. A worker that dies mid-task releases it when the lease runs out. By id:
 * a look-up by key, where "any due document" would be a range over every due one (see findDueIds).
 */
export async function claimDue<T extends Doc & DueFields>(collection: Collection<T>, leaseMs: number, id: string): Promise<T | null> {
  const now = Date.now();
  return await collection.findOneAndUpdate(
    { _id: id, ...dueNow(now) },
    { $set: { lockedUntil: now + leaseMs, leaseToken: newLeaseToken() }, $inc: { attempts: 1 } },
  );
}

/** Ids of up to `limit` documents due now and not leased. */
export async function findDueIds(collection: Collection<Doc & DueFields>, limit: number): Promise<string[]> {
  return (await collection.find(dueNow(Date.now()), { limit })).map((d) => d._id);
}

/** The filter of every write made under a claim: it applies only while that claim is the one in force. */
export function underClaim(item: Doc & DueFields): Filter {
  return { _id: item._id, leaseToken: item.leaseToken ?? null };
}

/**
 * Records a claimed task's outcome and ends the claim, in one conditional write. False means the claim
 * was lost (it ran out and another worker took the document): the outcome is not written.
 */
export async function settleClaim<T extends Doc & DueFields>(collection: Collection<T>, item: T, update: Update): Promise<boolean> {
  const set = { ...((update.$set as Record<string, unknown> | undefined) ?? {}), lockedUntil: 0, leaseToken: null };
  const r = await collection.updateOne(underClaim(item), { ...update, $set: set });
  return r.matched === 1;
}

/** Extends a claim still in force; false when it was lost. The item's `lockedUntil` follows. */
export async function renewClaim<T extends Doc & DueFields>(collection: Collection<T>, item: T, leaseMs: number): Promise<boolean> {
  const lockedUntil = Date.now() + leaseMs;
  const r = await collection.updateOne(underClaim(item), { $set: { lockedUntil } });
  if (r.matched === 1) item.lockedUntil = lockedUntil;
  return r.matched === 1;
}

/**
 * The embedded store belongs to one process: when that process starts, every claim left in it was held
 * by a process that is gone (a crash, a kill -9), so its work can resume at once instead of after the
 * lease. Never for a shared store (MongoDB): other replicas' claims there are alive.
 */
export async function releaseAbandonedClaims<T extends Doc & { lockedUntil: number }>(collection: Collection<T>): Promise<number> {
  const held = await collection.find({ lockedUntil: { $gt: Date.now() } });
  let released = 0;
  for (const doc of held) {
    // Only if still the claim we saw (the same end), which also covers documents without a token.
    const r = await collection.updateOne({ _id: doc._id, lockedUntil: doc.lockedUntil }, { $set: { lockedUntil: 0, leaseToken: null } });
    released += r.matched;
  }
  return released;
}
