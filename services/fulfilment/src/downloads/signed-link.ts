import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkTarget {
  readingId: string;
  fileId: string;
}

const signature = (key: Buffer, target: LinkTarget, expires: number): Buffer =>
  createHmac('sha256', key).update(`${target.readingId}\n${target.fileId}\n${expires}`).digest();

/**
 * A download link is the file's address, an expiry and an HMAC over both: it works in an `<audio>` tag
 * (no header to send) and cannot be made for another file or a later time without the key. The file id
 * changes with every upload, so a replaced file's old links die with it.
 */
export function signLink(key: Buffer, target: LinkTarget, expires: number): string {
  return signature(key, target, expires).toString('base64url');
}

export type LinkCheck = 'valid' | 'forged' | 'expired';

/** Forgery is checked before expiry, so an edited expiry reads as forged, not as "expired". */
export function checkLink(key: Buffer, target: LinkTarget, expires: number, given: string, nowSeconds: number): LinkCheck {
  const expected = signature(key, target, expires);
  const presented = Buffer.from(given, 'base64url');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return 'forged';
  return expires < nowSeconds ? 'expired' : 'valid';
}
