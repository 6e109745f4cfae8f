import { trace, type Tracer, type TracerProvider } from '@opentelemetry/api';

/**
 * Whether tracing runs in this thread. Every helper of this package reads it first and returns at once
 * when it is off: then no SDK is loaded, no span is made, nothing is allocated.
 */
let providerFor: ((service: string) => TracerProvider) | undefined;
const tracers = new Map<string, Tracer>();

export function tracingEnabled(): boolean {
  return providerFor !== undefined;
}

/** Set by startTelemetry; undefined turns tracing off again (tests). */
export function setProviderFactory(factory: ((service: string) => TracerProvider) | undefined): void {
  providerFor = factory;
  tracers.clear();
}

/**
 * One tracer per Lumira service, from a provider whose resource names that service: when the six services
 * share one process (`npm start`), their spans still show under their own `service.name`.
 */
export function tracerFor(service: string): Tracer {
  if (!providerFor) return trace.getTracer(service);
  let tracer = tracers.get(service);
  if (!tracer) {
    tracer = providerFor(service).getTracer('lumira');
    tracers.set(service, tracer);
  }
  return tracer;
}
