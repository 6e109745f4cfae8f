import { activeTraceCarrier, tracingEnabled, type TraceCarrier } from '@lumira/telemetry';
import { isDuplicateKeyError, type Collection } from '@lumira/store';

/** The trace a purchase's checkout ran in, kept by order id so Stripe's later news can join it. */
export interface PurchaseTraceDoc {
  _id: string;
  traceparent: string;
  tracestate?: string;
  createdAt: Date;
}

export interface PurchaseTraces {
  /** Keeps the active trace context for the order (the first checkout's wins); nothing when tracing is off. */
  remember(orderId: string): Promise<void>;
  find(orderId: string | undefined): Promise<TraceCarrier | undefined>;
}

/** Longer than a payment usually takes to settle, short enough not to keep one document per order for ever. */
const KEEP_SECONDS = 30 * 24 * 3600;

/**
 * A record of its own rather than the PaymentIntent's metadata: a checkout retried after a crash sends
 * Stripe the same creation request under the same idempotency key, and a new trace id in the metadata
 * would make Stripe refuse it. Both calls are skipped when tracing is off.
 */
export async function purchaseTraces(collection: Collection<PurchaseTraceDoc>): Promise<PurchaseTraces> {
  await collection.createIndex('createdAt', { expireAfterSeconds: KEEP_SECONDS });
  return {
    async remember(orderId) {
      const carrier = activeTraceCarrier();
      if (!carrier?.traceparent) return;
      try {
        await collection.insertOne({
          _id: orderId,
          traceparent: carrier.traceparent,
          ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
          createdAt: new Date(),
        });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    },
    async find(orderId) {
      if (!orderId || !tracingEnabled()) return undefined;
      const doc = await collection.findOne({ _id: orderId });
      return doc ? { traceparent: doc.traceparent, ...(doc.tracestate ? { tracestate: doc.tracestate } : {}) } : undefined;
    },
  };
}
