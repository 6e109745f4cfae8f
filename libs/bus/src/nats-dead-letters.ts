import { deadLetterSchema, deadLetterSubject, type DeadLetter } from '@lumira/contracts';
import type { JetStreamClient, JetStreamManager, StoredMsg } from '@nats-io/jetstream';
import type { DeadLetterBox, DeadLetterPage, DeadLetterRecord, NewDeadLetter } from './bus.js';
import { envelopeOfPayload } from './codec.js';
import { InvalidCursorError } from './errors.js';

const STREAM = 'DEADLETTER';
const encoder = new TextEncoder();
/** A page scans at most this many stream messages per item asked for, so a filter cannot make it unbounded. */
const SCAN_FACTOR = 20;

function toRecord(msg: StoredMsg): DeadLetterRecord | null {
  const parsed = deadLetterSchema.safeParse(JSON.parse(msg.string()));
  if (!parsed.success) return null;
  const letter = parsed.data;
  return {
    id: String(msg.seq),
    subject: letter.subject,
    durable: letter.durable,
    deliveries: letter.deliveries,
    reason: letter.reason,
    deadAt: letter.deadAt ? new Date(letter.deadAt) : msg.time,
    envelope: envelopeOfPayload(letter.payload),
    payload: letter.payload,
  };
}

/**
 * Dead letters on NATS: the DEADLETTER stream (30 days), one message per letter, its id the stream
 * sequence. Replaying sends the message to its subject again for the failed group only, then deletes it.
 */
export class NatsDeadLetters implements DeadLetterBox {
  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly resend: (letter: DeadLetterRecord) => Promise<void>,
  ) {}

  async add(letter: NewDeadLetter): Promise<void> {
    const body: DeadLetter = {
      subject: letter.subject,
      durable: letter.durable,
      deliveries: letter.deliveries,
      reason: letter.reason,
      payload: letter.payload,
      deadAt: new Date().toISOString(),
    };
    await this.js.publish(deadLetterSubject(letter.subject), encoder.encode(JSON.stringify(body)), letter.key ? { msgID: letter.key } : {});
  }

  private async read(seq: number): Promise<DeadLetterRecord | null> {
    const msg = await this.jsm.streams.getMessage(STREAM, { seq }).catch(() => null);
    return msg ? toRecord(msg) : null;
  }

  async list(query: { durable?: string | undefined; limit: number; cursor?: string | undefined }): Promise<DeadLetterPage> {
    const after = query.cursor === undefined ? 0 : Number(query.cursor);
    if (!Number.isSafeInteger(after) || after < 0) throw new InvalidCursorError();
    const info = await this.jsm.streams.info(STREAM);
    const from = Math.max(info.state.first_seq, after + 1);
    const last = info.state.last_seq;
    const items: DeadLetterRecord[] = [];
    let seq = from;
    for (let scanned = 0; seq <= last && items.length < query.limit && scanned < query.limit * SCAN_FACTOR; seq++, scanned++) {
      const record = await this.read(seq);
      if (record && (!query.durable || record.durable === query.durable)) items.push(record);
    }
    return { items, nextCursor: seq <= last ? String(seq - 1) : null };
  }

  async get(id: string): Promise<DeadLetterRecord | null> {
    const seq = Number(id);
    return Number.isSafeInteger(seq) && seq > 0 ? await this.read(seq) : null;
  }

  async replay(id: string): Promise<DeadLetterRecord | null> {
    const letter = await this.get(id);
    if (!letter) return null;
    // Sent first, removed after: a crash in between replays it once more, never loses it.
    await this.resend(letter);
    // Two replays at once: the resend is de-duplicated (msgID replay:<id>) and the later delete finds nothing.
    const deleted = await this.jsm.streams.deleteMessage(STREAM, Number(id), false).catch(async (err: unknown) => {
      if ((await this.read(Number(id))) === null) return false;
      throw err;
    });
    return deleted ? letter : null;
  }
}
