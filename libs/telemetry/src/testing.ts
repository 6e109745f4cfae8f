import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTelemetry, type Telemetry } from './start.js';

export type { ReadableSpan };

/** Tests: tracing on in this thread, every span kept in memory as soon as it ends. */
export async function startInMemoryTracing(): Promise<{ spans(): ReadableSpan[]; telemetry: Telemetry }> {
  const exporter = new InMemorySpanExporter();
  const telemetry = await startTelemetry({ exporter });
  return { spans: () => exporter.getFinishedSpans(), telemetry };
}
