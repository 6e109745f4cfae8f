import { createHash, randomBytes } from 'node:crypto';
import type { Collection } from '@lumira/store';

export interface ExpertDoc {
  _id: string;
  email: string;
  name: string;
  /** SHA-256 of the bearer credential: the credential itself is shown once, at creation, and never kept. */
  tokenHash: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** 256 random bits: a hash without salt or stretching is enough for a secret nobody chose. */
export const newSecret = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export async function createExpertIndexes(experts: Collection<ExpertDoc>): Promise<void> {
  await experts.createIndex('tokenHash', { unique: true });
  await experts.createIndex('email');
}

/** The expert a bearer credential belongs to, if it was issued and not revoked. */
export async function expertByCredential(experts: Collection<ExpertDoc>, authorization: string | undefined): Promise<ExpertDoc | null> {
  const match = /^Bearer (\S{20,200})$/.exec(authorization ?? '');
  if (!match?.[1]) return null;
  return await experts.findOne({ tokenHash: hashSecret(match[1]), revokedAt: null });
}

export const expertView = (e: ExpertDoc) => ({
  id: e._id,
  email: e.email,
  name: e.name,
  createdAt: e.createdAt.toISOString(),
  revokedAt: e.revokedAt?.toISOString() ?? null,
});
