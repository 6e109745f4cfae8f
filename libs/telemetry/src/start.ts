import { context, propagation, type TracerProvider } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { setProviderFactory } from './state.js';

export interface TelemetrySettings {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to `<endpoint>/v1/traces`. */
  endpoint?: string | undefined;
  protocol?: 'http/protobuf' | 'http/json';
  /** Share of new traces recorded (a continued trace follows its caller's sampling decision). */
  sampleRatio?: number;
  /** Tests: spans go to this exporter, one at a time (no batching), instead of OTLP. */
  exporter?: SpanExporter;
}

export interface Telemetry {
  /** Sends what is still buffered; call it before the process exits. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** The OTEL_* variables as libs/config declares them (telemetryConfig). */
export interface TelemetryConfig {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' | 'http/json';
  OTEL_TRACES_SAMPLER_ARG: number;
}

export function telemetrySettings(config: TelemetryConfig): TelemetrySettings {
  return { endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, protocol: config.OTEL_EXPORTER_OTLP_PROTOCOL, sampleRatio: config.OTEL_TRACES_SAMPLER_ARG };
}

const off: Telemetry = { flush: async () => undefined, shutdown: async () => undefined };
let running: Telemetry | undefined;

async function exporterFor(settings: TelemetrySettings): Promise<() => SpanExporter> {
  const url = `${settings.endpoint!.replace(/\/+$/, '')}/v1/traces`;
  // Headers (a collector's API key) come from OTEL_EXPORTER_OTLP_HEADERS, which the exporter reads itself.
  if (settings.protocol === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return () => new OTLPTraceExporter({ url });
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return () => new OTLPTraceExporter({ url });
}

/**
 * Starts tracing in this thread when an endpoint (or a test exporter) is given; otherwise does nothing
 * and loads nothing, so the disabled path costs one boolean test per hook. The SDK is imported only here.
 * Calling it again while it runs returns the running instance.
 */
export async function startTelemetry(settings: TelemetrySettings): Promise<Telemetry> {
  if (running) return running;
  if (!settings.endpoint && !settings.exporter) return off;
  const [
    { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler },
    { resourceFromAttributes },
    { W3CTraceContextPropagator },
    { AsyncLocalStorageContextManager },
  ] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/core'),
    import('@opentelemetry/context-async-hooks'),
  ]);
  const makeExporter = settings.exporter ? () => settings.exporter! : await exporterFor(settings);
  const sampler = new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio ?? 1) });
  const providers: InstanceType<typeof BasicTracerProvider>[] = [];
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  setProviderFactory((service): TracerProvider => {
    const exporter = makeExporter();
    const processor = settings.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service, 'service.namespace': 'lumira' }),
      sampler,
      spanProcessors: [processor],
    });
    providers.push(provider);
    return provider;
  });
  const telemetry: Telemetry = {
    // A collector that is away costs the spans, never the shutdown or the process: export errors are dropped.
    flush: async () => {
      await Promise.all(providers.map(async (p) => await p.forceFlush().catch(() => undefined)));
    },
    shutdown: async () => {
      if (running !== telemetry) return;
      running = undefined;
      setProviderFactory(undefined);
      await Promise.all(providers.map(async (p) => await p.shutdown().catch(() => undefined)));
      context.disable();
      propagation.disable();
    },
  };
  running = telemetry;
  return telemetry;
}
