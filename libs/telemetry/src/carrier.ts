import { context, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { tracingEnabled } from './state.js';

/** The W3C trace context as it travels: HTTP headers, NATS headers, a bus envelope, Stripe metadata. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The active span's context as W3C fields, or undefined when tracing is off or nothing is traced here. */
export function activeTraceCarrier(): TraceCarrier | undefined {
  if (!tracingEnabled()) return undefined;
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** Writes the active context into headers (replacing what a caller sent); nothing when tracing is off. */
export function injectTraceHeaders(headers: Record<string, string | string[] | undefined>): void {
  if (!tracingEnabled()) return;
  delete headers.traceparent;
  delete headers.tracestate;
  propagation.inject(context.active(), headers);
}

/** The remote parent a carrier names (root when it names none). */
export function contextFromCarrier(carrier: Record<string, unknown> | undefined): Context {
  if (!carrier || !tracingEnabled()) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier, {
    keys: (c) => Object.keys(c),
    get: (c, key) => {
      const v = c[key];
      return typeof v === 'string' ? v : undefined;
    },
  });
}

/** The trace id of the active span, for a log line or a test. */
export function activeTraceId(): string | undefined {
  if (!tracingEnabled()) return undefined;
  return trace.getSpan(context.active())?.spanContext().traceId;
}
