import { Worker } from 'node:worker_threads';

export interface LoadSpec {
  /** Requests to send, each built by index in the worker. */
  count: number;
  concurrency: number;
  kind: 'get' | 'checkout' | 'webhook';
  url: string;
  /** For webhooks: the signed payloads, in order. */
  payloads?: { body: string; signature: string }[];
}

export interface LoadResult {
  ok: number;
  failed: number;
  seconds: number;
  latenciesMs: number[];
  /** CPU time the load thread itself used (Linux), to tell the load generator's share of the machine. */
  cpuMs: number | undefined;
}

/** Load comes from a worker thread (plain JS, next to the compiled bench in bench/dist) with its own event loop, so it does not queue behind the system under test. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../load-worker.mjs', import.meta.url), { workerData: spec });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
