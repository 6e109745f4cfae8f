import type { Collection } from '@lumira/store';

/** One document of service-wide facts for the status page, and the pull cursor. */
export interface CrmStateDoc {
  _id: 'state';
  lastPushAt?: Date;
  lastPullAt?: Date;
  /** Epoch ms of the latest Dolibarr modification already pulled. */
  pullCursor?: number;
  lastError?: { message: string; jobId: string | null; at: Date } | null;
}

export function crmState(collection: Collection<CrmStateDoc>) {
  const set = async (fields: Partial<Omit<CrmStateDoc, '_id'>>) => void (await collection.updateOne({ _id: 'state' }, { $set: fields }, { upsert: true }));
  return {
    read: async (): Promise<CrmStateDoc> => (await collection.findOne({ _id: 'state' })) ?? { _id: 'state' },
    pushed: async () => await set({ lastPushAt: new Date() }),
    pulled: async (pullCursor: number) => await set({ lastPullAt: new Date(), pullCursor }),
    failed: async (message: string, jobId: string | null) => await set({ lastError: { message, jobId, at: new Date() } }),
    clearError: async () => await set({ lastError: null }),
  };
}
export type CrmState = ReturnType<typeof crmState>;
