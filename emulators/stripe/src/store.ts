import { nowSeconds, stripeId } from './object-ids.js';

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

/** The API version the emulator's objects follow (fields of the 2024+ PaymentIntent, e.g. latest_charge). */
export const API_VERSION = '2025-06-30.basil';

export interface RequestInfo {
  id: string;
  idempotencyKey: string | null;
}

/** Everything lives in memory: the emulator is for one test run or one local session. */
export class EmulatorStore {
  readonly customers = new Map<string, Obj>();
  readonly paymentIntents = new Map<string, Obj>();
  readonly charges = new Map<string, Obj>();
  readonly refunds = new Map<string, Obj>();
  readonly events: StripeEvent[] = [];
  readonly eventsById = new Map<string, StripeEvent>();
  readonly delivered = new Set<string>();
  private listeners: ((e: StripeEvent) => void)[] = [];

  onEvent(listener: (e: StripeEvent) => void) {
    this.listeners.push(listener);
  }

  /** Events carry a snapshot: later changes to the object do not rewrite history. */
  emit(type: string, object: Obj, request: RequestInfo, previous?: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = {
      id: stripeId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: nowSeconds(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: request.id, idempotency_key: request.idempotencyKey },
      type,
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
    };
    this.events.push(event);
    this.eventsById.set(event.id, event);
    for (const l of this.listeners) l(event);
    return event;
  }
}
