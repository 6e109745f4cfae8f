import { createHash } from 'node:crypto';
import { isDuplicateKeyError, type Collection } from '@lumira/store';
import { IdempotencyKeyReusedError } from './errors.js';

/** What a key is bound to: the request it first came with, and the order made for it. */
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
export async function releaseKey(requests: Collection<CheckoutRequest>, key: string, orderId: string): Promise<void> {
  await requests.deleteOne({ _id: key, orderId });
}

const OPEN = 'open-purchase';
const OPEN_FOR_MS = 24 * 3_600_000;

/** Without an Idempotency-Key, the key of a customer's open purchase of one product. */
export const openPurchaseKey = (email: string, productId: string) => `open:${requestHash({ email, productId })}`;

/**
 * A checkout without an Idempotency-Key (a client retrying after a gateway timeout, a double click) joins the
 * customer's purchase of the same product made in the last 24 hours, so one order and one PaymentIntent serve
 * both; the caller replaces it (`replaceOpenPurchase`) once it is no longer payable.
 */
export async function claimOpenPurchase(requests: Collection<CheckoutRequest>, key: string, orderId: string): Promise<string> {
  try {
    await requests.insertOne({ _id: key, requestHash: OPEN, orderId, createdAt: new Date() });
    return orderId;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  const existing = await requests.findOne({ _id: key });
  if (!existing) return await claimOpenPurchase(requests, key, orderId);
  if (existing.createdAt.getTime() < Date.now() - OPEN_FOR_MS) return await replaceOpenPurchase(requests, key, existing.orderId, orderId);
  return existing.orderId;
}

/** A new purchase in place of `stale`; of two racing replacements, both get the winner's order. */
export async function replaceOpenPurchase(requests: Collection<CheckoutRequest>, key: string, stale: string, fresh: string): Promise<string> {
  const updated = await requests.findOneAndUpdate({ _id: key, orderId: stale }, { $set: { orderId: fresh, createdAt: new Date() } });
  if (updated) return fresh;
  return (await requests.findOne({ _id: key }))?.orderId ?? (await claimOpenPurchase(requests, key, fresh));
}
