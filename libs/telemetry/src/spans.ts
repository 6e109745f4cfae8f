import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';
import { tracerFor, tracingEnabled } from './state.js';

export { SpanKind };

export interface SpanOptions {
  kind?: SpanKind;
  /** The parent; the active context when absent. */
  parent?: Context;
  links?: Link[];
  attributes?: Attributes;
}

/**
 * Runs `fn` inside a span of `service` (ended when `fn` settles, an error recorded on it). When tracing
 * is off it only calls `fn`: no span, no closure kept.
 */
export async function inSpan<T>(service: string, name: string, options: SpanOptions, fn: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return await fn(undefined);
  const parent = options.parent ?? context.active();
  const span = tracerFor(service).startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.links ? { links: options.links } : {}),
      ...(options.attributes ? { attributes: options.attributes } : {}),
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), async () => await fn(span));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    span.end();
  }
}

/** A link to the active span (another trace this work also belongs to), or none. */
export function linkToActive(): Link[] {
  if (!tracingEnabled()) return [];
  const span = trace.getSpan(context.active());
  return span ? [{ context: span.spanContext() }] : [];
}

/** Marks a span failed without an exception (a message nak'd or dead-lettered). */
export function markFailed(span: Span | undefined, reason: string): void {
  span?.setStatus({ code: SpanStatusCode.ERROR, message: reason });
}
