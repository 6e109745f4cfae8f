export { startTelemetry, telemetrySettings, type Telemetry, type TelemetryConfig, type TelemetrySettings } from './start.js';
export { tracerFor, tracingEnabled } from './state.js';
export { activeTraceCarrier, activeTraceId, contextFromCarrier, injectTraceHeaders, type TraceCarrier } from './carrier.js';
export { inSpan, linkToActive, markFailed, SpanKind, type SpanOptions } from './spans.js';
export { traceLogFields } from './log-fields.js';
export { traceRequests } from './fastify.js';
