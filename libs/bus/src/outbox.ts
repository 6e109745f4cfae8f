import type { Envelope } from '@lumira/contracts';
import type { Collection, Doc } from '@lumira/store';
import type { Logger } from 'pino';
import type { Bus } from './bus.js';
import { reasonOf } from './delivery.js';
import { InvalidEventError } from './errors.js';

/**
 * Events are written into the same document as the state change that caused them (one atomic update in
 * either store), then published; a crash in between leaves them in the document for the relay to send.
 */
export interface OutboxFields {
  outbox?: Envelope[];
  /**
   * Set while events wait to be published, absent otherwise: a timestamp under a sparse index, so the
   * sweep finds the few pending documents directly. Epoch milliseconds, not a Date: the embedded store
   * leaves Date values out of sparse indexes.
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
  /** Publishes what the document holds, in order, and removes exactly what went out (or was dead-lettered). */
  flush(doc: Doc & OutboxFields): Promise<void>;
  /** Flushes without waiting; failures stay in the document for the next sweep. */
  flushInBackground(doc: (Doc & OutboxFields) | null): void;
  /** Oldest first; never two at once (a sweep asked for while one runs gets that one's result). */
  sweep(olderThanMs?: number): Promise<number>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export interface OutboxOptions {
  /** Names the outbox in metrics and dead letters, e.g. `order.orders`. */
  source?: string;
  /** Consecutive failed publishes of one entry, while the bus itself is healthy, before it is dead-lettered. */
  maxFailures?: number;
}

export function createOutboxRelay<T extends Doc & OutboxFields>(bus: Bus, collection: Collection<T>, log: Logger, options: OutboxOptions = {}): OutboxRelay {
  const source = options.source ?? collection.name;
  const maxFailures = options.maxFailures ?? 10;
  const labels = { collection: source };
  const flushing = new Set<string>();
  const failures = new Map<string, number>();
  const background = new Set<Promise<void>>();
  let sweeping: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;

  /** An entry that can never go out is kept as a dead letter (visible, replayable once fixed), not retried forever. */
  async function deadLetter(envelope: Envelope, reason: string): Promise<void> {
    await bus.deadLetters.add({
      key: `outbox:${source}:${String(envelope.id)}`,
      subject: typeof envelope.type === 'string' ? envelope.type : 'unknown',
      durable: `outbox:${source}`,
      deliveries: failures.get(envelope.id) ?? 1,
      reason,
      payload: JSON.stringify(envelope),
    });
    bus.metrics.outboxDeadLettered.inc(labels);
    failures.delete(envelope.id);
    log.error({ collection: source, eventId: envelope.id, type: envelope.type, reason }, 'outbox entry can never be published: dead-lettered');
  }

  /** True when the entry is gone (published or dead-lettered); false when it must wait for the next sweep. */
  async function send(envelope: Envelope): Promise<boolean> {
    try {
      await bus.publishEnvelope(envelope);
      failures.delete(envelope.id);
      return true;
    } catch (err) {
      bus.metrics.outboxFailures.inc(labels);
      if (err instanceof InvalidEventError) {
        await deadLetter(envelope, reasonOf(err));
        return true;
      }
      const count = (failures.get(envelope.id) ?? 0) + 1;
      failures.set(envelope.id, count);
      // Many failures with the bus up means this entry is the problem, not the bus.
      if (count >= maxFailures && (await bus.check()).ok) {
        await deadLetter(envelope, reasonOf(err));
        return true;
      }
      log.warn({ err, collection: source, eventId: envelope.id, failures: count }, 'outbox publish failed: left for the next sweep');
      return false;
    }
  }

  async function remove(doc: Doc & OutboxFields, entries: Envelope[], gone: string[]): Promise<void> {
    if (gone.length === 0) return;
    // Common case, one write: the outbox still holds exactly what was sent. Any entry appended meanwhile
    // breaks the exact match, and the two-step path below removes only what went.
    if (gone.length === entries.length) {
      const exact = await collection.updateOne({ _id: doc._id, outbox: entries }, { $set: { outbox: [] }, $unset: { outboxPendingSince: '' } });
      if (exact.matched === 1) return;
    }
    await collection.updateOne({ _id: doc._id }, { $pull: { outbox: { id: { $in: gone } } } });
    await collection.updateOne({ _id: doc._id, outbox: { $size: 0 } }, { $unset: { outboxPendingSince: '' } });
  }

  async function flush(doc: Doc & OutboxFields): Promise<void> {
    const entries = doc.outbox ?? [];
    // One flush of a document at a time: a second one would publish the same entries again.
    if (entries.length === 0 || flushing.has(doc._id)) return;
    flushing.add(doc._id);
    try {
      const gone: string[] = [];
      // In order: an order's events must not overtake one another; the rest waits behind a failure.
      for (const envelope of entries) {
        if (!(await send(envelope))) break;
        gone.push(envelope.id);
      }
      await remove(doc, entries, gone);
    } finally {
      flushing.delete(doc._id);
    }
  }

  async function sweepOnce(olderThanMs: number): Promise<number> {
    const pending = await collection.find({ outboxPendingSince: { $lte: Date.now() - olderThanMs } }, { sort: { outboxPendingSince: 1 }, limit: 500 });
    const oldest = pending[0]?.outboxPendingSince;
    bus.metrics.outboxOldestAge.set(labels, oldest === undefined ? 0 : (Date.now() - oldest) / 1000);
    bus.metrics.outboxPending.set(labels, pending.length);
    for (const doc of pending) {
      try {
        await flush(doc);
      } catch (err) {
        // This document's write failed: the others still go out; it is tried again next sweep.
        log.warn({ err, collection: source, id: doc._id }, 'outbox flush failed: left for the next sweep');
      }
    }
    return pending.length;
  }

  function sweep(olderThanMs = 2000): Promise<number> {
    sweeping ??= sweepOnce(olderThanMs).finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  }

  function track(p: Promise<unknown>) {
    const t = p.then(
      () => undefined,
      (err: unknown) => log.warn({ err, collection: source }, 'outbox publish failed: left for the relay'),
    );
    background.add(t);
    void t.finally(() => background.delete(t));
  }

  return {
    flush,
    flushInBackground: (doc) => {
      if (doc) track(flush(doc));
    },
    sweep,
    start(intervalMs = 5000) {
      track(sweep());
      timer = setInterval(() => track(sweep()), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await sweeping?.catch(() => undefined);
      await Promise.all(background);
    },
  };
}
