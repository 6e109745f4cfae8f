import type { Envelope } from '@lumira/contracts';
import type { Collection, Doc } from '@lumira/store';
import type { Logger } from 'pino';
import type { Bus } from './bus.js';

/**
 * Events are written into the same document as the state change that caused them (one atomic update in
 * either store), then published; a crash in between leaves them in the document for the relay to send.
 */
export interface OutboxFields {
  outbox?: Envelope[];
  /**
   * Set while events wait to be published, absent otherwise. A timestamp under a sparse index rather
   * than a boolean: the embedded store keeps one array per index key, so a two-valued index costs O(n)
   * on every update, while a sparse index holds only the few pending documents. Epoch milliseconds, not
   * a Date: nedb leaves Date values out of sparse indexes (it takes an object with no own values for a
   * missing key), so a range query on an indexed Date finds nothing there.
   */
  outboxPendingSince?: number;
}

/** Create once per collection that carries an outbox. */
export async function createOutboxIndex(collection: Collection<Doc>): Promise<void> {
  await collection.createIndex('outboxPendingSince', { sparse: true });
}

/** The update fragment to merge into a state-changing update. */
export function withOutbox(update: Record<string, unknown>, envelopes: Envelope[]): Record<string, unknown> {
  const set = (update.$set as Record<string, unknown> | undefined) ?? {};
  const push = (update.$push as Record<string, unknown> | undefined) ?? {};
  return { ...update, $set: { ...set, outboxPendingSince: Date.now() }, $push: { ...push, outbox: { $each: envelopes } } };
}

export interface OutboxRelay {
  /** Publishes what the document holds and removes exactly those entries. */
  flush(doc: Doc & OutboxFields): Promise<void>;
  /** Flushes without waiting; failures stay in the document for the next sweep. */
  flushInBackground(doc: (Doc & OutboxFields) | null): void;
  sweep(olderThanMs?: number): Promise<number>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export function createOutboxRelay<T extends Doc & OutboxFields>(bus: Bus, collection: Collection<T>, log: Logger): OutboxRelay {
  let timer: NodeJS.Timeout | undefined;
  const running = new Set<Promise<void>>();

  async function flush(doc: Doc & OutboxFields): Promise<void> {
    const entries = doc.outbox ?? [];
    if (entries.length === 0) return;
    for (const envelope of entries) await bus.publishEnvelope(envelope);
    // Common case, one write: the outbox still holds exactly what was published. Any entry appended
    // meanwhile breaks the exact match, and the two-step path below removes only what went out.
    const exact = await collection.updateOne({ _id: doc._id, outbox: entries }, { $set: { outbox: [] }, $unset: { outboxPendingSince: '' } });
    if (exact.matched === 1) return;
    const ids = entries.map((e) => e.id);
    await collection.updateOne({ _id: doc._id }, { $pull: { outbox: { id: { $in: ids } } } });
    await collection.updateOne({ _id: doc._id, outbox: { $size: 0 } }, { $unset: { outboxPendingSince: '' } });
  }

  function track(p: Promise<void>) {
    const t = p.catch((err: unknown) => log.warn({ err, collection: collection.name }, 'outbox publish failed: left for the relay'));
    running.add(t);
    void t.finally(() => running.delete(t));
  }

  /** Only what has waited a while: the fast path is usually still busy with the newest entries. */
  async function sweep(olderThanMs = 2000): Promise<number> {
    const pending = await collection.find({ outboxPendingSince: { $lte: Date.now() - olderThanMs } }, { limit: 500 });
    for (const doc of pending) await flush(doc);
    return pending.length;
  }

  return {
    flush,
    flushInBackground: (doc) => {
      if (doc) track(flush(doc));
    },
    sweep,
    start(intervalMs = 5000) {
      track(sweep().then(() => undefined));
      timer = setInterval(() => track(sweep().then(() => undefined)), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await Promise.all(running);
    },
  };
}
