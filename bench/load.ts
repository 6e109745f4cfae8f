import { Worker } from 'node:worker_threads';
import { harnessNice } from './harness-nice.js';

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

/**
 * Load comes from a worker thread (plain JS, next to the compiled bench in bench/dist) with its own event
 * loop, so it does not queue behind the system under test. One worker serves every load of the process,
 * one after the other: a worker made for each load compiled its HTTP client anew in every measured round,
 * and V8 compiles on helper threads that share the cores with the system and are counted as the system's,
 * so a round measured the load generator's start-up too. Warm-up rounds now warm it as they warm the system.
 */
let worker: Worker | undefined;
let queue: Promise<unknown> = Promise.resolve();
/** Checkout e-mails must differ from one load to the next: the worker numbers requests from 0 in each. */
let loads = 0;

function loadWorker(): Worker {
  if (!worker) {
    const w = new Worker(new URL('../load-worker.mjs', import.meta.url), { workerData: { nice: harnessNice } });
    w.once('exit', () => {
      if (worker === w) worker = undefined;
    });
    worker = w;
  }
  return worker;
}

function runOne(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = loadWorker();
    const settle = () => {
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      // Idle between loads: the worker does not keep the process alive.
      w.unref();
    };
    const onMessage = (m: LoadResult | { error: string }) => {
      settle();
      if ('error' in m) reject(new Error(`load generator: ${m.error}`));
      else resolve(m);
    };
    const onError = (err: Error) => {
      settle();
      reject(err);
    };
    // A worker that ends without an answer or an error (process.exit in it) ends the load too.
    const onExit = (code: number) => {
      settle();
      reject(new Error(`load generator: the worker exited (${code}) during a load`));
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    w.ref();
    w.postMessage({ ...spec, seed: ++loads });
  });
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const result = queue.then(() => runOne(spec));
  queue = result.catch(() => undefined);
  return result;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
