import type { Envelope } from '@lumira/contracts';
import type { Collection, Store } from '@lumira/store';

/** One message in the in-process bus's log: what a JetStream stream would hold. */
export interface LogMessage {
  /** The sequence number, zero-padded, so the key sorts as the sequence does. */
  _id: string;
  seq: number;
  subject: string;
  /** The de-duplication key (Nats-Msg-Id on NATS): the envelope id, or a replay's own key. */
  msgId: string;
  envelope: Envelope;
  publishedAt: Date;
  /** A replay: only this group takes it. */
  onlyFor?: string;
}

export interface LogSettings {
  /** How long messages are kept whatever their consumers did (JetStream's max_age). */
  retentionMs: number;
  /** Within this window a message id already accepted is accepted again without a second copy. */
  duplicateWindowMs: number;
}

const keyOf = (seq: number) => String(seq).padStart(16, '0');

interface Pending {
  message: LogMessage;
  resolve: (accepted: LogMessage | null) => void;
  reject: (err: unknown) => void;
}

/**
 * The durable part of the in-process bus. Publishes made in the same turn of the event loop are written
 * in one insert (a group commit), and each resolves once that write is done: a message is accepted when
 * it is on disk (in the store), as JetStream acknowledges a publish once its stream stored it.
 */
export class MessageLog {
  private lastSeq = 0;
  private readonly recent = new Map<string, number>();
  private batch: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private readonly listeners: ((messages: LogMessage[]) => void)[] = [];

  private constructor(
    readonly messages: Collection<LogMessage>,
    private readonly settings: LogSettings,
  ) {}

  static async open(store: Store, settings: LogSettings): Promise<MessageLog> {
    const messages = store.collection<LogMessage>('messages');
    await messages.createIndex('publishedAt', { expireAfterSeconds: Math.ceil(settings.retentionMs / 1000) });
    const log = new MessageLog(messages, settings);
    const [last] = await messages.find({}, { sort: { _id: -1 }, limit: 1 });
    log.lastSeq = last?.seq ?? 0;
    const since = new Date(Date.now() - settings.duplicateWindowMs);
    for (const m of await messages.find({ publishedAt: { $gte: since } }, { sort: { _id: 1 } })) log.recent.set(m.msgId, m.publishedAt.getTime());
    return log;
  }

  /** Messages after `seq`, oldest first: what a group has not acknowledged when the process starts. */
  async after(seq: number): Promise<LogMessage[]> {
    return await this.messages.find({ _id: { $gt: keyOf(seq) } }, { sort: { _id: 1 } });
  }

  onAppend(listener: (messages: LogMessage[]) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves with the stored message, or null when its id was already accepted within the window. */
  async append(envelope: Envelope, msgId: string, onlyFor?: string): Promise<LogMessage | null> {
    const now = Date.now();
    this.forgetOlderThan(now - this.settings.duplicateWindowMs);
    if (this.recent.has(msgId)) return null;
    this.recent.set(msgId, now);
    const seq = ++this.lastSeq;
    const message: LogMessage = { _id: keyOf(seq), seq, subject: envelope.type, msgId, envelope, publishedAt: new Date(now), ...(onlyFor ? { onlyFor } : {}) };
    return await new Promise<LogMessage | null>((resolve, reject) => {
      this.batch.push({ message, resolve, reject });
      if (this.batch.length === 1) setImmediate(() => this.startFlush());
    });
  }

  /** Waits for every accepted publish to be written. */
  async settle(): Promise<void> {
    while (this.flushing || this.batch.length > 0) {
      if (!this.flushing) this.startFlush();
      await this.flushing;
    }
  }

  private startFlush(): void {
    if (this.flushing || this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.flushing = this.write(batch).finally(() => {
      this.flushing = undefined;
      if (this.batch.length > 0) this.startFlush();
    });
  }

  private async write(batch: Pending[]): Promise<void> {
    const messages = batch.map((p) => p.message);
    try {
      await this.messages.insertMany(messages);
    } catch (err) {
      // Not stored, so not accepted: the publisher keeps it (an outbox entry stays) and may send it again.
      for (const p of batch) {
        this.recent.delete(p.message.msgId);
        p.reject(err);
      }
      return;
    }
    for (const listener of this.listeners) listener(messages);
    for (const p of batch) p.resolve(p.message);
  }

  private forgetOlderThan(cutoff: number): void {
    for (const [id, at] of this.recent) {
      if (at >= cutoff) break;
      this.recent.delete(id);
    }
  }
}
