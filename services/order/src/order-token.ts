import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isDuplicateKeyError, type Collection } from '@lumira/store';

/**
 * The order token is an HMAC of the order id: nothing secret is stored per order, and a repeated
 * checkout returns the same token. Comparison is constant-time.
 */
export interface OrderTokens {
  issue(orderId: string): string;
  verify(orderId: string, token: string | undefined): boolean;
}

export function orderTokens(secret: string): OrderTokens {
  const issue = (orderId: string) => createHmac('sha256', secret).update(orderId).digest('base64url');
  return {
    issue,
    verify(orderId, token) {
      if (!token) return false;
      const expected = Buffer.from(issue(orderId));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

interface SecretDoc {
  _id: string;
  value: string;
}

/** Without ORDER_TOKEN_SECRET every replica must still agree on one key: the first one to start stores it. */
export async function resolveTokenSecret(configured: string | undefined, settings: Collection<SecretDoc>): Promise<string> {
  if (configured) return configured;
  const existing = await settings.findOne({ _id: 'order-token-secret' });
  if (existing) return existing.value;
  try {
    await settings.insertOne({ _id: 'order-token-secret', value: randomBytes(32).toString('base64url') });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  return (await settings.findOne({ _id: 'order-token-secret' }))!.value;
}

/** Accepts `Authorization: Bearer <token>` only. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(header) : null;
  return match?.[1];
}
