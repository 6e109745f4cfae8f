import { context, trace } from '@opentelemetry/api';
import { tracingEnabled } from './state.js';

const none = Object.freeze({});

/**
 * pino's `mixin`: every line written inside a traced flow carries its `traceId` (and `spanId`), so a log
 * search by trace id finds the whole purchase. Off, it returns one shared empty object.
 */
export function traceLogFields(): Record<string, string> {
  if (!tracingEnabled()) return none;
  const span = trace.getSpan(context.active());
  if (!span) return none;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}
