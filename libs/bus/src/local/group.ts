import type { Logger } from 'pino';
import type { EventContext, NewDeadLetter, RetryPolicy } from '../bus.js';
import type { BusMetrics } from '../bus-metrics.js';
import { runHandler, type Outcome } from '../delivery.js';
import type { LogMessage } from './log.js';
import { deliveryContext } from './delivery-context.js';
import { tracingEnabled } from '@lumira/telemetry';
import { carrierOf, traceDelivery } from '../tracing.js';
import { SeqQueue } from './seq-queue.js';

/** A live subscriber of a group: one `subscribe()` call's handler for the group's subject. */
export interface Member {
  handler: (data: unknown, ctx: EventContext) => Promise<void>;
  retry: RetryPolicy;
  concurrency: number;
  inflight: number;
  active: boolean;
  running: Set<Promise<void>>;
}

/** What a group persists: how far it has acknowledged, so a restart redelivers only the rest. */
export interface GroupState {
  ackFloor: number;
  acked: number[];
  deliveries: Record<string, number>;
}

export interface GroupDeps {
  log: Logger;
  metrics: BusMetrics;
  ackWaitMs: number;
  deadLetter: (letter: NewDeadLetter) => Promise<void>;
  /** Called when the state changed; the bus writes it soon after (acks are at-least-once, as on JetStream). */
  changed: () => void;
}

interface InFlight {
  token: number;
  timer: NodeJS.Timeout;
}

/**
 * One durable group's consumer of one subject, as on JetStream (a consumer per durable and subject), in
 * memory over the durable log. Every delivery ends in exactly one of ack, nak (delivered again after a
 * delay) or dead letter; a delivery silent past the ack wait is given out again unless its handler calls
 * working(). Messages reach it in sequence order, through `offer`, once it has loaded its backlog.
 */
export class LocalGroup {
  private readonly members: Member[] = [];
  /** Live offers that arrive while the backlog is read from the store; offered after it. */
  private buffered: LogMessage[] | null = [];
  private turn = 0;
  private tokens = 0;
  /** Offered and not yet acknowledged, in sequence order (a Map keeps insertion order). */
  private readonly outstanding = new Map<number, LogMessage>();
  private readonly ready = new SeqQueue();
  private readonly delayed = new Map<number, NodeJS.Timeout>();
  private readonly inflight = new Map<number, InFlight>();
  private readonly deliveries = new Map<number, number>();
  private readonly acked = new Set<number>();
  private ackFloor: number;
  private highest: number;

  constructor(
    readonly name: string,
    readonly subject: string,
    state: GroupState,
    private readonly deps: GroupDeps,
  ) {
    this.ackFloor = state.ackFloor;
    this.highest = state.ackFloor;
    for (const seq of state.acked) this.acked.add(seq);
    for (const [seq, n] of Object.entries(state.deliveries)) this.deliveries.set(Number(seq), n);
  }

  /** Every appended message passes here in sequence order; the group keeps those it takes. */
  offer(message: LogMessage): void {
    if (this.buffered) this.buffered.push(message);
    else this.take(message);
  }

  /** The messages after the floor, read from the store at start; live offers made meanwhile follow them. */
  loaded(backlog: LogMessage[]): void {
    const live = this.buffered ?? [];
    this.buffered = null;
    let last = this.ackFloor;
    for (const m of backlog) {
      this.take(m);
      last = m.seq;
    }
    for (const m of live.sort((a, b) => a.seq - b.seq)) if (m.seq > last) this.take(m);
  }

  private take(message: LogMessage): void {
    this.highest = Math.max(this.highest, message.seq);
    if (this.outstanding.has(message.seq)) return;
    if (message.seq <= this.ackFloor || this.acked.has(message.seq) || !this.takes(message)) {
      if (this.outstanding.size === 0 && this.ackFloor < this.highest) this.advance();
      return;
    }
    this.outstanding.set(message.seq, message);
    this.ready.push(message.seq);
    this.deps.metrics.pending.set({ durable: this.name }, this.outstanding.size);
    this.pump();
  }

  private takes(message: LogMessage): boolean {
    return message.subject === this.subject && (message.onlyFor === undefined || message.onlyFor === this.name);
  }

  join(member: Member): void {
    this.members.push(member);
    this.pump();
  }

  async leave(member: Member): Promise<void> {
    member.active = false;
    const i = this.members.indexOf(member);
    if (i >= 0) this.members.splice(i, 1);
    await Promise.all(member.running);
    this.pump();
  }

  /**
   * Moves the floor of a group that holds nothing up to `seq`, the last message offered to the groups:
   * messages of other subjects are not offered to it. True when the floor moved (the state is to be written).
   */
  idleUpTo(seq: number): boolean {
    if (this.buffered || this.outstanding.size > 0 || seq <= this.ackFloor) return false;
    this.ackFloor = seq;
    this.highest = Math.max(this.highest, seq);
    this.acked.clear();
    return true;
  }

  /** What to persist now. */
  state(): GroupState {
    for (const seq of this.acked) if (seq <= this.ackFloor) this.acked.delete(seq);
    const acked = [...this.acked];
    const deliveries: Record<string, number> = {};
    for (const [seq, n] of this.deliveries) if (this.outstanding.has(seq)) deliveries[String(seq)] = n;
    return { ackFloor: this.ackFloor, acked, deliveries };
  }

  stop(): void {
    for (const timer of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    for (const f of this.inflight.values()) clearTimeout(f.timer);
  }

  private pump(): void {
    for (;;) {
      const seq = this.ready.peek();
      if (seq === undefined) return;
      const message = this.outstanding.get(seq);
      if (!message || this.inflight.has(seq) || this.delayed.has(seq)) {
        this.ready.shift();
        continue;
      }
      const member = this.pick();
      if (!member) return;
      this.ready.shift();
      this.deliver(message, member);
    }
  }

  private pick(): Member | undefined {
    for (let i = 0; i < this.members.length; i++) {
      const m = this.members[(this.turn + i) % this.members.length]!;
      if (m.active && m.inflight < m.concurrency) {
        this.turn = (this.turn + i + 1) % this.members.length;
        return m;
      }
    }
    return undefined;
  }

  private deliver(message: LogMessage, member: Member): void {
    const { seq, envelope } = message;
    const n = (this.deliveries.get(seq) ?? 0) + 1;
    this.deliveries.set(seq, n);
    const token = ++this.tokens;
    const timer = setTimeout(() => this.ackWaitEnded(seq, token), this.deps.ackWaitMs);
    timer.unref();
    this.inflight.set(seq, { token, timer });
    member.inflight++;
    const parent = this.deps.log;
    const durable = this.name;
    const ctx = deliveryContext({
      envelope,
      deliveries: n,
      durable,
      log: parent,
      working: () => {
        if (this.inflight.get(seq)?.token === token) timer.refresh();
      },
    });
    // Tracing off: the handler is run as it is, with nothing made for the trace.
    const outcome = tracingEnabled()
      ? traceDelivery(
          { durable, subject: this.subject, eventId: envelope.id, deliveries: n, transport: 'memory', carrier: carrierOf(envelope) },
          async () => await runHandler(member.handler, envelope.data, ctx, member.retry),
        )
      : runHandler(member.handler, envelope.data, ctx, member.retry);
    const run = outcome
      .then((outcome) => this.settle(message, token, outcome, n))
      .catch((err: unknown) => parent.error({ err, durable }, 'in-process bus: settling a delivery failed'))
      .finally(() => {
        member.inflight--;
        member.running.delete(run);
        this.pump();
      });
    member.running.add(run);
  }

  private ackWaitEnded(seq: number, token: number): void {
    if (this.inflight.get(seq)?.token !== token) return;
    this.inflight.delete(seq);
    const message = this.outstanding.get(seq);
    if (!message) return;
    this.deps.metrics.redeliveries.inc({ durable: this.name, subject: message.subject, reason: 'ack_wait' });
    this.ready.push(seq);
    this.pump();
  }

  private async settle(message: LogMessage, token: number, outcome: Outcome, deliveries: number): Promise<void> {
    const { seq, subject } = message;
    const current = this.inflight.get(seq)?.token === token;
    if (current) {
      clearTimeout(this.inflight.get(seq)!.timer);
      this.inflight.delete(seq);
    }
    this.deps.metrics.deliveries.inc({ durable: this.name, subject, outcome: outcome.kind });
    // Already ended by another delivery (after an ack wait): this late one changes nothing.
    if (!this.outstanding.has(seq)) return;
    if (outcome.kind === 'ack') return this.done(seq);
    // A newer delivery owns the message now; only an ack from an older one still counts (as on JetStream).
    if (!current) return;
    if (outcome.kind === 'nak') return this.later(seq, subject, outcome.delayMs, 'nak');
    try {
      await this.deps.deadLetter({
        key: `${this.name}:${seq}`,
        subject,
        durable: this.name,
        deliveries,
        reason: outcome.reason,
        payload: JSON.stringify(message.envelope),
      });
      this.deps.metrics.deadLetters.inc({ durable: this.name, subject });
      this.done(seq);
    } catch (err) {
      // Not kept anywhere yet: the message stays ours and is tried again, so it is never lost.
      this.deps.metrics.deadLetterFailures.inc({ durable: this.name });
      this.deps.log.error({ err, durable: this.name, subject, seq }, 'dead letter could not be stored: message kept and retried');
      this.later(seq, subject, 5_000, 'dead_letter_failed');
    }
  }

  private later(seq: number, subject: string, delayMs: number, reason: string): void {
    const timer = setTimeout(() => {
      this.delayed.delete(seq);
      this.deps.metrics.redeliveries.inc({ durable: this.name, subject, reason });
      this.ready.push(seq);
      this.pump();
    }, delayMs);
    timer.unref();
    this.delayed.set(seq, timer);
  }

  private done(seq: number): void {
    this.outstanding.delete(seq);
    this.deliveries.delete(seq);
    this.acked.add(seq);
    this.advance();
    this.deps.metrics.pending.set({ durable: this.name }, this.outstanding.size);
    this.deps.changed();
  }

  /** The floor is just below the oldest message still outstanding (the first key: offers come in order). */
  private advance(): void {
    const oldest = this.outstanding.keys().next();
    const floor = oldest.done ? this.highest : oldest.value - 1;
    if (floor <= this.ackFloor) return;
    this.ackFloor = floor;
    if (this.outstanding.size === 0) this.acked.clear();
    this.deps.changed();
  }
}
