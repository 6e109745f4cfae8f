import { isDuplicateKeyError, type Collection } from '@lumira/store';
import type { DolibarrClock } from './dolibarr/dolibarr-clock.js';
import type { ClockSample } from './push-context.js';

export interface CrmNote {
  jobId: string;
  message: string;
  at: Date;
}

/** What crm-sync knows of Dolibarr's clocks, and since when. */
export interface LearnedClock {
  clock: DolibarrClock;
  /** How the database's offset was found: from a write of ours we timed, or taken equal to PHP's. */
  databaseFrom: 'write' | 'assumed';
  learnedAt: Date;
}

/** One document of service-wide facts for the status page, the pull cursor and Dolibarr's clock. */
export interface CrmStateDoc {
  _id: 'state';
  lastPushAt?: Date;
  lastPullAt?: Date;
  /** Epoch ms of the latest Dolibarr modification already pulled (for the status page). */
  pullCursor?: number;
  /** The same, as the database's wall-clock time: what the next pull filters on. */
  pullCursorTms?: string;
  lastError?: { message: string; jobId: string | null; at: Date } | null;
  /** The latest things the status page should say (names cut, duplicates), newest first, a few kept. */
  notes?: CrmNote[];
  /** How many times the notes were written: each write is made only over the list it read. */
  notesWrites?: number;
  clock?: LearnedClock;
  clockSample?: ClockSample;
}

const keptNotes = 20;

export function crmState(collection: Collection<CrmStateDoc>) {
  const set = async (fields: Partial<Omit<CrmStateDoc, '_id'>>) => void (await collection.updateOne({ _id: 'state' }, { $set: fields }, { upsert: true }));
  const read = async (): Promise<CrmStateDoc> => (await collection.findOne({ _id: 'state' })) ?? { _id: 'state' };
  return {
    read,
    pushed: async () => await set({ lastPushAt: new Date() }),
    pulled: async (cursor: { at: number; tms: string }) => await set({ lastPullAt: new Date(), pullCursor: cursor.at, pullCursorTms: cursor.tms }),
    failed: async (message: string, jobId: string | null) => await set({ lastError: { message, jobId, at: new Date() } }),
    /** The last error goes once the work it was about (a job, or the pull: null) succeeds. */
    clearErrorOf: async (jobId: string | null) => void (await collection.updateOne({ _id: 'state', 'lastError.jobId': jobId }, { $set: { lastError: null } })),
    /**
     * Read, then written only if no one wrote the notes meanwhile (else read again): jobs finishing at once
     * (worker lanes, replicas) each wrote the list they had read, and one job's notes were lost.
     */
    noted: async (jobId: string, messages: string[]) => {
      if (messages.length === 0) return;
      const at = new Date();
      const fresh = messages.map((message) => ({ jobId, message, at }));
      for (;;) {
        const current = await collection.findOne({ _id: 'state' });
        const writes = current?.notesWrites ?? 0;
        const next = { notes: [...fresh, ...(current?.notes ?? [])].slice(0, keptNotes), notesWrites: writes + 1 };
        if (!current) {
          try {
            await collection.insertOne({ _id: 'state', ...next });
            return;
          } catch (err) {
            if (!isDuplicateKeyError(err)) throw err;
            continue;
          }
        }
        const unchanged = writes === 0 ? { $exists: false } : writes;
        if ((await collection.updateOne({ _id: 'state', notesWrites: unchanged }, { $set: next })).matched > 0) return;
      }
    },
    learnedClock: async (clock: LearnedClock) => await set({ clock }),
    sampledClock: async (clockSample: ClockSample) => await set({ clockSample }),
  };
}
export type CrmState = ReturnType<typeof crmState>;
