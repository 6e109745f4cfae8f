import { createHash } from 'node:crypto';
import { isDuplicateKeyError, type Collection } from '@lumira/store';
import { IdempotencyKeyReusedError } from './errors.js';

/** What an Idempotency-Key is bound to: the request it first came with, and the order made for it. */
export interface CheckoutRequest {
  _id: string;
  requestHash: string;
  orderId: string;
  createdAt: Date;
}

export function requestHash(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * The first request with a key wins the insert and fixes its order id; repeats (even concurrent ones)
 * get that same order id, and every later step is idempotent on it, so they converge on one result.
 */
export async function claimKey(requests: Collection<CheckoutRequest>, key: string, hash: string, orderId: string): Promise<string> {
  try {
    await requests.insertOne({ _id: key, requestHash: hash, orderId, createdAt: new Date() });
    return orderId;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  const existing = await requests.findOne({ _id: key });
  if (!existing) return await claimKey(requests, key, hash, orderId);
  if (existing.requestHash !== hash) throw new IdempotencyKeyReusedError();
  return existing.orderId;
}

/** After a Stripe failure the order is abandoned; releasing the key lets the customer retry with it. */
export async function releaseKey(requests: Collection<CheckoutRequest>, key: string): Promise<void> {
  await requests.deleteOne({ _id: key });
}
