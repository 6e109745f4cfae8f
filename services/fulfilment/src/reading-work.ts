import { createEvent, withOutbox, type OutboxRelay } from '@lumira/bus';
import type { DeliverableKind } from '@lumira/contracts/catalog';
import type { Collection } from '@lumira/store';
import { ConflictError } from '@lumira/http';
import { DeliverablesMissingError, FileNotFoundError, KindNotPromisedError, NotYourReadingError, ReadingNotFoundError, ReadingStateError } from './errors.js';
import { missingKinds, requiredKinds, type ReadingDoc, type StoredFile } from './reading.js';
import { refusal, type ReadingMove } from './reading-state.js';

/** The expert's side of a reading: claim it, give it back, put and remove its files, deliver it. */
export interface ReadingWork {
  /** The reading, if this expert may work on it now (claimed by them, in progress), else the reason why not. */
  workable(id: string, expertId: string, kind?: DeliverableKind): Promise<ReadingDoc>;
  claim(id: string, expertId: string): Promise<ReadingDoc>;
  release(id: string, expertId: string): Promise<ReadingDoc>;
  /** Records a stored file; answers the file it replaced, whose object the caller removes. */
  attachFile(id: string, expertId: string, kind: DeliverableKind, file: StoredFile): Promise<StoredFile | null>;
  detachFile(id: string, expertId: string, kind: DeliverableKind): Promise<StoredFile>;
  deliver(id: string, expertId: string, correlationId: string): Promise<ReadingDoc>;
  /** An expert's access was revoked: what they held goes back to the queue. */
  releaseAllOf(expertId: string): Promise<number>;
}

const fileField = (kind: DeliverableKind) => `files.${kind}`;

export function readingWork(readings: Collection<ReadingDoc>, relay: OutboxRelay): ReadingWork {
  async function found(id: string): Promise<ReadingDoc> {
    const reading = await readings.findOne({ _id: id });
    if (!reading) throw new ReadingNotFoundError();
    return reading;
  }

  /** Why a move by this expert cannot apply to the reading as it stands. */
  function refuse(reading: ReadingDoc, move: ReadingMove, expertId: string): Error {
    if (reading.status === 'in_progress' && reading.claimedBy !== expertId && move !== 'claim') return new NotYourReadingError();
    return new ReadingStateError(refusal(move, reading.status));
  }

  async function workable(id: string, expertId: string, kind?: DeliverableKind): Promise<ReadingDoc> {
    const reading = await found(id);
    if (reading.status !== 'in_progress' || reading.claimedBy !== expertId) throw refuse(reading, 'work', expertId);
    if (kind && !requiredKinds(reading.deliverables).includes(kind)) throw new KindNotPromisedError(reading.level, kind);
    return reading;
  }

  /** A file change applies only if the slot still holds what we read: two uploads never lose an object. */
  async function swapFile(
    id: string,
    expertId: string,
    kind: DeliverableKind,
    change: (previous: StoredFile | null) => Record<string, unknown>,
  ): Promise<StoredFile | null> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const reading = await workable(id, expertId, kind);
      const previous = reading.files[kind] ?? null;
      const guard = { [`${fileField(kind)}.id`]: previous ? previous.id : { $exists: false } };
      const r = await readings.updateOne({ _id: id, status: 'in_progress', claimedBy: expertId, ...guard }, change(previous));
      if (r.matched === 1) return previous;
    }
    throw new ConflictError('The file changed several times meanwhile; try again');
  }

  return {
    workable,

    async claim(id, expertId) {
      const now = new Date();
      const claimed = await readings.findOneAndUpdate(
        { _id: id, status: 'queued' },
        { $set: { status: 'in_progress', claimedBy: expertId, claimedAt: now, updatedAt: now } },
      );
      if (claimed) return claimed;
      const reading = await found(id);
      if (reading.status === 'in_progress' && reading.claimedBy === expertId) return reading;
      throw new ReadingStateError(refusal('claim', reading.status));
    },

    async release(id, expertId) {
      const released = await readings.findOneAndUpdate(
        { _id: id, status: 'in_progress', claimedBy: expertId },
        { $set: { status: 'queued', claimedBy: null, claimedAt: null, updatedAt: new Date() } },
      );
      if (released) return released;
      throw refuse(await found(id), 'release', expertId);
    },

    async attachFile(id, expertId, kind, file) {
      return await swapFile(id, expertId, kind, () => ({ $set: { [fileField(kind)]: file, updatedAt: new Date() } }));
    },

    async detachFile(id, expertId, kind) {
      const removed = await swapFile(id, expertId, kind, (previous) => {
        if (!previous) throw new FileNotFoundError(kind);
        return { $unset: { [fileField(kind)]: '' }, $set: { updatedAt: new Date() } };
      });
      return removed as StoredFile;
    },

    async deliver(id, expertId, correlationId) {
      const reading = await workable(id, expertId);
      const missing = missingKinds(reading);
      if (missing.length > 0) throw new DeliverablesMissingError(missing);
      const now = new Date();
      // The files delivered are the ones checked: a removal in between makes the update miss.
      const sameFiles = Object.fromEntries(requiredKinds(reading.deliverables).map((kind) => [`${fileField(kind)}.id`, reading.files[kind]?.id]));
      const event = createEvent(
        'fulfilment.reading.delivered',
        {
          readingId: reading._id,
          orderId: reading.orderId,
          customerEmail: reading.customerEmail,
          customerName: reading.customerName,
          locale: reading.locale,
          productId: reading.productId,
          productName: reading.productName,
          level: reading.level,
          deliveredAt: now.toISOString(),
        },
        { id: `fulfilment.reading.delivered:${reading._id}`, correlationId },
      );
      const delivered = await readings.findOneAndUpdate(
        { _id: id, status: 'in_progress', claimedBy: expertId, ...sameFiles },
        withOutbox({ $set: { status: 'delivered', deliveredAt: now, updatedAt: now } }, [event]),
      );
      if (!delivered) throw new ConflictError('The reading changed while it was being delivered; look at it again');
      relay.flushInBackground(delivered);
      return delivered;
    },

    async releaseAllOf(expertId) {
      const working = await readings.find({ claimedBy: expertId, status: 'in_progress' });
      // Held by money (a dispute open, a refund that may still fail): the way back leads to the queue.
      const paused = await readings.find({ claimedBy: expertId, status: { $in: ['suspended', 'revoked'] }, resumeStatus: 'in_progress' });
      const unclaim = { claimedBy: null, claimedAt: null, updatedAt: new Date() };
      for (const r of working) await readings.updateOne({ _id: r._id, claimedBy: expertId, status: 'in_progress' }, { $set: { ...unclaim, status: 'queued' } });
      for (const r of paused) await readings.updateOne({ _id: r._id, claimedBy: expertId, status: r.status }, { $set: { ...unclaim, resumeStatus: 'queued' } });
      return working.length + paused.length;
    },
  };
}
