import { randomText } from '@lumira/contracts';
import type { Collection, Store } from '@lumira/store';
import { envelopeOfPayload } from '../codec.js';
import type { DeadLetterBox, DeadLetterPage, DeadLetterRecord, NewDeadLetter } from '../bus.js';

interface DeadLetterDoc {
  _id: string;
  subject: string;
  durable: string;
  deliveries: number;
  reason: string;
  deadAt: Date;
  payload: string;
  key?: string;
}

let lastMs = 0;
let inSameMs = 0;
/**
 * Ids that sort as the letters were written, so a page cursor is simply the last id seen: the time, then a
 * count of the letters already written in that millisecond (the random part alone put two letters of one
 * millisecond in either order), then a random part against another process writing at the same moment.
 */
export function newDeadLetterId(now = Date.now()): string {
  inSameMs = now <= lastMs ? inSameMs + 1 : 0;
  lastMs = Math.max(now, lastMs);
  return `${lastMs.toString(36).padStart(10, '0')}-${inSameMs.toString(36).padStart(4, '0')}${randomText(5, 'hex')}`;
}

const toRecord = ({ _id, key: _key, ...rest }: DeadLetterDoc): DeadLetterRecord => ({ id: _id, ...rest, envelope: envelopeOfPayload(rest.payload) });

/** The in-process bus's dead letters: in the store, kept for `retentionMs` (as the DEADLETTER stream is). */
export class LocalDeadLetters implements DeadLetterBox {
  private constructor(
    private readonly letters: Collection<DeadLetterDoc>,
    private readonly resend: (letter: DeadLetterRecord) => Promise<void>,
  ) {}

  static async open(store: Store, retentionMs: number, resend: (letter: DeadLetterRecord) => Promise<void>): Promise<LocalDeadLetters> {
    const letters = store.collection<DeadLetterDoc>('deadLetters');
    await Promise.all([
      letters.createIndex('deadAt', { expireAfterSeconds: Math.ceil(retentionMs / 1000) }),
      letters.createIndex('durable'),
      letters.createIndex('key', { sparse: true }),
    ]);
    return new LocalDeadLetters(letters, resend);
  }

  async add({ key, ...letter }: NewDeadLetter): Promise<void> {
    // The key makes a repeated record of the same failure a no-op, as Nats-Msg-Id does on the stream.
    const existing = key ? await this.letters.findOne({ key }) : null;
    if (existing) return;
    await this.letters.insertOne({ _id: newDeadLetterId(), ...letter, ...(key ? { key } : {}), deadAt: new Date() });
  }

  async list(query: { durable?: string | undefined; limit: number; cursor?: string | undefined }): Promise<DeadLetterPage> {
    const filter: Record<string, unknown> = {};
    if (query.durable) filter.durable = query.durable;
    if (query.cursor) filter._id = { $gt: query.cursor };
    const docs = await this.letters.find(filter, { sort: { _id: 1 }, limit: query.limit + 1 });
    const items = docs.slice(0, query.limit).map(toRecord);
    return { items, nextCursor: docs.length > query.limit ? (items.at(-1)?.id ?? null) : null };
  }

  async get(id: string): Promise<DeadLetterRecord | null> {
    const doc = await this.letters.findOne({ _id: id });
    return doc ? toRecord(doc) : null;
  }

  async replay(id: string): Promise<DeadLetterRecord | null> {
    const letter = await this.get(id);
    if (!letter) return null;
    // Sent first, removed after: a crash in between replays it once more, never loses it.
    await this.resend(letter);
    await this.letters.deleteOne({ _id: id });
    return letter;
  }
}
