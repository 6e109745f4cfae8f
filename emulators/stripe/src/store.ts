import { nowSeconds, stripeId } from './object-ids.js';
import type { Journal, JournalRecord } from './journal.js';

export type Obj = Record<string, unknown> & { id: string; object: string; created: number };

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
  data: { object: Obj; previous_attributes?: Record<string, unknown> };
}

export interface RequestInfo {
  id: string | null;
  idempotencyKey: string | null;
}

/** What happens to an event's triggering request when the change was Stripe's own (a timer, a bank). */
export const automatic: RequestInfo = { id: null, idempotencyKey: null };

/** A stored Idempotency-Key: the first response, replayed for 24 hours (see idempotency-keys.ts). */
export interface IdempotencyRecord {
  path: string;
  paramsHash: string;
  status: number;
  body: string;
  requestId: string;
  done: boolean;
  storedAt: number;
}

/** A change Stripe makes later on its own (a SEPA debit settling, a refund failing, a dispute opening). */
export interface ScheduledTask {
  id: string;
  dueAt: number;
  kind: 'settle_processing' | 'settle_refund' | 'open_dispute' | 'decide_dispute';
  target: string;
  outcome: string;
}

const collections = ['customer', 'payment_intent', 'payment_method', 'charge', 'refund', 'dispute'] as const;
export type Kind = (typeof collections)[number];

/**
 * All state of the emulated account. Every change goes through `save`, `emit`, `markDelivered`, the key and task
 * methods, so a journal (local mode) sees each one and a restart finds the account as it was.
 */
export class EmulatorStore {
  private readonly maps = new Map<string, Map<string, Obj>>(collections.map((k) => [k, new Map()]));
  readonly events: StripeEvent[] = [];
  readonly eventsById = new Map<string, StripeEvent>();
  readonly delivered = new Set<string>();
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly tasks = new Map<string, ScheduledTask>();
  private listeners: ((e: StripeEvent) => void)[] = [];
  private journal: Journal | undefined;

  /** `apiVersion` is the account's default: events are rendered at it, whatever version a request asked for. */
  constructor(readonly apiVersion: string) {}

  attachJournal(journal: Journal) {
    this.journal = journal;
  }

  all(kind: Kind): Map<string, Obj> {
    return this.maps.get(kind)!;
  }

  get(kind: Kind, id: string): Obj | undefined {
    return this.all(kind).get(id);
  }

  /** Any stored object by id, whatever its kind (for expansion). */
  find(id: string): Obj | undefined {
    for (const map of this.maps.values()) {
      const found = map.get(id);
      if (found) return found;
    }
    return undefined;
  }

  save<T extends Obj>(object: T): T {
    const map = this.maps.get(object.object);
    if (!map) throw new Error(`no collection for ${object.object}`);
    map.set(object.id, object);
    this.record({ t: 'obj', v: object });
    return object;
  }

  onEvent(listener: (e: StripeEvent) => void) {
    this.listeners.push(listener);
  }

  /** Events carry a snapshot: later changes to the object do not rewrite history. */
  emit(type: string, object: Obj, request: RequestInfo, previous?: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = {
      id: stripeId('evt'),
      object: 'event',
      api_version: this.apiVersion,
      created: nowSeconds(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: request.id, idempotency_key: request.idempotencyKey },
      type,
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
    };
    this.addEvent(event);
    this.record({ t: 'event', v: event });
    for (const l of this.listeners) l(event);
    return event;
  }

  markDelivered(eventId: string) {
    const event = this.eventsById.get(eventId);
    if (!event || this.delivered.has(eventId)) return;
    this.delivered.add(eventId);
    event.pending_webhooks = 0;
    this.record({ t: 'delivered', id: eventId });
  }

  setKey(id: string, record: IdempotencyRecord | null) {
    if (record) this.idempotency.set(id, record);
    else this.idempotency.delete(id);
    // Only finished responses outlive the process: one in flight at a crash never completed.
    if (!record || record.done) this.record({ t: 'key', id, v: record });
  }

  setTask(task: ScheduledTask) {
    this.tasks.set(task.id, task);
    this.record({ t: 'task', v: task });
  }

  endTask(id: string) {
    if (this.tasks.delete(id)) this.record({ t: 'task_done', id });
  }

  /** Replays one journal record (at start, in local mode). */
  apply(record: JournalRecord) {
    switch (record.t) {
      case 'obj':
        this.maps.get(record.v.object)?.set(record.v.id, record.v);
        break;
      case 'event':
        this.addEvent(record.v);
        break;
      case 'delivered':
        this.delivered.add(record.id);
        if (this.eventsById.get(record.id)) this.eventsById.get(record.id)!.pending_webhooks = 0;
        break;
      case 'key':
        if (record.v) this.idempotency.set(record.id, record.v);
        else this.idempotency.delete(record.id);
        break;
      case 'task':
        this.tasks.set(record.v.id, record.v);
        break;
      case 'task_done':
        this.tasks.delete(record.id);
        break;
    }
  }

  /** Everything, as journal records: what a compacted journal holds. */
  *snapshot(): Generator<JournalRecord> {
    for (const map of this.maps.values()) for (const v of map.values()) yield { t: 'obj', v };
    for (const v of this.events) yield { t: 'event', v };
    for (const id of this.delivered) yield { t: 'delivered', id };
    for (const [id, v] of this.idempotency) if (v.done) yield { t: 'key', id, v };
    for (const v of this.tasks.values()) yield { t: 'task', v };
  }

  private addEvent(event: StripeEvent) {
    if (this.eventsById.has(event.id)) return;
    this.events.push(event);
    this.eventsById.set(event.id, event);
  }

  private record(record: JournalRecord) {
    this.journal?.append(record);
  }
}
