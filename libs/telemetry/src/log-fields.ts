import { context, trace } from '@opentelemetry/api';
import { tracingEnabled } from './state.js';

/**
 * pino's `mixin`: every line written inside a traced flow carries its `traceId` (and `spanId`), so a log
 * search by trace id finds the whole purchase. pino merges the line's fields into the object returned,
 * so it must be a new one each time; loggers made while tracing is off have no mixin at all.
 */
export function traceLogFields(): Record<string, string> {
  if (!tracingEnabled()) return {};
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}
