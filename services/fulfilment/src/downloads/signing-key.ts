import { randomBytes } from 'node:crypto';
import { insertIfAbsent, type Store } from '@lumira/store';

interface KeyDoc {
  _id: string;
  key: string;
  createdAt: Date;
}

/**
 * The key of download links: the configured secret, or one made once and kept in the store, so links
 * survive a restart and every replica signs and checks alike without anyone having to set it.
 */
export async function downloadSigningKey(store: Store, configured: string | undefined): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  const keys = store.collection<KeyDoc>('signingKeys');
  await insertIfAbsent(keys, { _id: 'downloads', key: randomBytes(32).toString('base64'), createdAt: new Date() });
  const stored = await keys.findOne({ _id: 'downloads' });
  if (!stored) throw new Error('the download signing key could not be read back from the store');
  return Buffer.from(stored.key, 'base64');
}
