import type { Collection, Doc } from './collection.js';

/**
 * A document that carries its own schedule, so work survives restarts: the schedule is data. `dueAt` is
 * epoch ms and present only while work is due (a sparse index keeps the work list small; a number, since
 * the embedded store leaves Dates out of sparse indexes); `lockedUntil` is the end of a worker's claim.
 */
export interface DueFields {
  dueAt?: number;
  lockedUntil: number;
  attempts: number;
}

export async function createDueIndex(collection: Collection<Doc>): Promise<void> {
  await collection.createIndex('dueAt', { sparse: true });
}

const dueNow = (now: number) => ({ dueAt: { $lte: now }, lockedUntil: { $lte: now } });

/**
 * One atomic update (due and not leased → leased, one more attempt), so two replicas never take the same
 * document. A worker that dies mid-task releases it when the lease runs out. By id: a look-up by key,
 * where "any due document" would be a range over every due one (see findDueIds for finding them).
 */
export async function claimDue<T extends Doc & DueFields>(collection: Collection<T>, leaseMs: number, id: string): Promise<T | null> {
  const now = Date.now();
  return await collection.findOneAndUpdate({ _id: id, ...dueNow(now) }, { $set: { lockedUntil: now + leaseMs }, $inc: { attempts: 1 } });
}

/** Ids of up to `limit` documents due now and not leased. */
export async function findDueIds(collection: Collection<Doc & DueFields>, limit: number): Promise<string[]> {
  return (await collection.find(dueNow(Date.now()), { limit })).map((d) => d._id);
}
