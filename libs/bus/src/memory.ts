import type { ConsumerGroups, Envelope, EnvelopeOptions, EventData, EventType } from '@lumira/contracts';
import type { RpcReply, RpcRequest, RpcSubject } from '@lumira/contracts/rpc';
import type { Collection, Store } from '@lumira/store';
import type { Logger } from 'pino';
import {
  defaultConcurrency,
  defaultRetryPolicy,
  type Bus,
  type DeadLetterRecord,
  type EventContext,
  type RequestOptions,
  type RpcHandler,
  type SubscribeOptions,
  type Subscription,
} from './bus.js';
import { createBusMetrics, type BusMetrics } from './bus-metrics.js';
import { buildEnvelope, checkedEnvelope, validateEnvelope } from './codec.js';
import { BusClosedError, InvalidEventError } from './errors.js';
import { checkDeclared, handledSubjects, mergeGroups } from './groups.js';
import { LocalDeadLetters } from './local/dead-letters.js';
import { LocalGroup, type GroupState, type Member } from './local/group.js';
import { MessageLog } from './local/log.js';
import { LocalRpc } from './local/rpc.js';
import { consumerName } from './consumer-name.js';

export interface MemoryBusOptions {
  /** The store the log, the groups' positions and the dead letters live in (its own namespace). */
  store: Store;
  log: Logger;
  /** Groups a subscription must match (connectBus passes libs/contracts'); absent, subscribe declares. */
  groups?: ConsumerGroups;
  /** Messages are kept this long whatever their consumers did (7 days, as the NATS streams). */
  retentionMs?: number;
  duplicateWindowMs?: number;
  /** A delivery whose handler is silent this long (no working()) is given out again (30 s, as on NATS). */
  ackWaitMs?: number;
  deadLetterRetentionMs?: number;
  /** How soon after an ack the groups' positions are written (acks are at-least-once, as on JetStream). */
  stateFlushMs?: number;
}

interface GroupDoc extends GroupState {
  _id: string;
}

const DAY = 24 * 3600 * 1000;

/**
 * The bus of a single-process system, under the same contract as JetStream: a publish is accepted once it
 * is in the store's log; each declared group takes every message of its subjects, kept for it while no
 * member runs; members share a group's work up to their concurrency; failures are delivered again with
 * backoff, then dead-lettered into the store; a message id seen within the window is taken once.
 */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  readonly metrics: BusMetrics = createBusMetrics();
  private readonly groups = new Map<string, LocalGroup>();
  private readonly bySubject = new Map<string, LocalGroup[]>();
  /** The last message offered to the groups (every message of a subject reaches its groups). */
  private lastSeq = 0;
  private readonly dirty = new Set<string>();
  private readonly declared: Record<string, EventType[]> = {};
  private readonly rpc: LocalRpc;
  private readonly subscriptions = new Set<Subscription>();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;
  readonly deadLetters: LocalDeadLetters;

  private constructor(
    private readonly options: MemoryBusOptions,
    private readonly messageLog: MessageLog,
    private readonly positions: Collection<GroupDoc>,
    deadLetters: (bus: MemoryBus) => LocalDeadLetters,
  ) {
    this.rpc = new LocalRpc(options.log);
    this.deadLetters = deadLetters(this);
    this.metrics.connectionUp.set(1);
    messageLog.onAppend((messages) => {
      for (const message of messages) {
        this.metrics.published.inc({ subject: message.subject });
        // Only the groups of its subject: offering every message to every group (about thirty in the
        // system) was a few per cent of the services' thread. The others' floors catch up at the next flush.
        for (const group of this.bySubject.get(message.subject) ?? []) group.offer(message);
        this.lastSeq = message.seq;
      }
      this.scheduleFlush();
    });
  }

  static async open(options: MemoryBusOptions): Promise<MemoryBus> {
    const messageLog = await MessageLog.open(options.store, {
      retentionMs: options.retentionMs ?? 7 * DAY,
      duplicateWindowMs: options.duplicateWindowMs ?? 2 * 60_000,
    });
    let resend: (letter: DeadLetterRecord) => Promise<void> = async () => undefined;
    const letters = await LocalDeadLetters.open(options.store, options.deadLetterRetentionMs ?? 30 * DAY, async (letter) => await resend(letter));
    const bus = new MemoryBus(options, messageLog, options.store.collection<GroupDoc>('groups'), () => letters);
    resend = async (letter) => await bus.resend(letter);
    if (options.groups) await bus.declare(options.groups);
    return bus;
  }

  async declare(groups: ConsumerGroups): Promise<void> {
    mergeGroups(this.declared, groups);
    for (const [durable, subjects] of Object.entries(groups)) {
      for (const subject of subjects) await this.group(durable, subject);
    }
  }

  private async group(durable: string, subject: string): Promise<LocalGroup> {
    const key = consumerName(durable, subject);
    const existing = this.groups.get(key);
    if (existing) return existing;
    const saved = await this.positions.findOne({ _id: key });
    const state: GroupState = saved ?? { ackFloor: 0, acked: [], deliveries: {} };
    const group = new LocalGroup(durable, subject, state, {
      log: this.options.log,
      metrics: this.metrics,
      ackWaitMs: this.options.ackWaitMs ?? 30_000,
      deadLetter: async (letter) => await this.deadLetters.add(letter),
      changed: () => {
        this.dirty.add(key);
        this.scheduleFlush();
      },
    });
    // Registered before its backlog is read, so nothing appended meanwhile is missed (it is buffered).
    this.groups.set(key, group);
    this.bySubject.set(subject, [...(this.bySubject.get(subject) ?? []), group]);
    group.loaded(await this.messageLog.after(state.ackFloor));
    return group;
  }

  async publish<T extends EventType>(type: T, data: EventData<T>, options?: EnvelopeOptions): Promise<Envelope<EventData<T>>> {
    const envelope = buildEnvelope(type, data, options);
    await this.accept(envelope, envelope.id);
    return envelope as Envelope<EventData<T>>;
  }

  async publishEnvelope(envelope: Envelope): Promise<void> {
    const valid = checkedEnvelope(envelope);
    await this.accept(valid, valid.id);
  }

  private async accept(envelope: Envelope, msgId: string, onlyFor?: string): Promise<void> {
    if (this.closed) throw new BusClosedError();
    try {
      await this.messageLog.append(envelope, msgId, onlyFor);
    } catch (err) {
      this.metrics.publishFailures.inc({ subject: envelope.type });
      throw err;
    }
  }

  /** A replay goes to the group it failed for; an outbox entry that never went out is published as new. */
  private async resend(letter: DeadLetterRecord): Promise<void> {
    if (!letter.envelope) throw new InvalidEventError(letter.subject, 'the dead letter is not a readable event');
    const envelope = validateEnvelope(letter.envelope);
    if (letter.durable.startsWith('outbox:')) await this.accept(envelope, envelope.id);
    else await this.accept(envelope, `replay:${letter.id}`, letter.durable);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new BusClosedError();
    if (this.options.groups) checkDeclared(this.declared, options);
    else await this.declare({ [options.durable]: handledSubjects(options) });
    const retry = { ...defaultRetryPolicy, ...options.retry };
    const joined: { group: LocalGroup; member: Member }[] = [];
    for (const subject of handledSubjects(options)) {
      const group = await this.group(options.durable, subject);
      const handler = options.handlers[subject] as (data: unknown, ctx: EventContext) => Promise<void>;
      const member: Member = { handler, retry, concurrency: options.concurrency ?? defaultConcurrency, inflight: 0, active: true, running: new Set() };
      group.join(member);
      joined.push({ group, member });
    }
    const sub: Subscription = {
      stop: async () => {
        await Promise.all(joined.map(({ group, member }) => group.leave(member)));
        this.subscriptions.delete(sub);
      },
    };
    this.subscriptions.add(sub);
    return sub;
  }

  async serve<S extends RpcSubject>(subject: S, handler: RpcHandler<S>): Promise<Subscription> {
    return this.rpc.serve(subject, handler);
  }

  async request<S extends RpcSubject>(subject: S, request: RpcRequest<S>, options: RequestOptions = {}): Promise<RpcReply<S>> {
    if (this.closed) throw new BusClosedError();
    return await this.rpc.request(subject, request, options);
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.closed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushing ??= this.flushPositions().finally(() => {
        this.flushing = undefined;
      });
    }, this.options.stateFlushMs ?? 100);
    this.flushTimer.unref();
  }

  private async flushPositions(): Promise<void> {
    // A group with nothing outstanding has acknowledged everything up to the last message: a restart then
    // reads the log from there, not from the last message of its own subject.
    for (const [key, group] of this.groups) if (group.idleUpTo(this.lastSeq)) this.dirty.add(key);
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      const group = this.groups.get(key);
      if (!group) continue;
      try {
        await this.positions.updateOne({ _id: key }, { $set: group.state() }, { upsert: true });
      } catch (err) {
        // Acks not written are redelivered after a restart: at-least-once, never lost. Try again soon.
        this.options.log.warn({ err, group: key }, 'in-process bus: could not record a group position');
        this.dirty.add(key);
        this.scheduleFlush();
      }
    }
  }

  async check() {
    return this.closed ? { ok: false, detail: 'closed' } : { ok: true, detail: 'in-process bus' };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.messageLog.settle();
    for (const group of this.groups.values()) group.stop();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.flushing;
    await this.flushPositions();
    this.metrics.connectionUp.set(0);
  }
}
