// Plain JavaScript: Node 20 does not apply the main thread's TypeScript loader to worker threads.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Agent, request } from 'undici';
import { cpuMs } from './dist/thread-cpu.js';

function requestFor(spec, i) {
  if (spec.kind === 'get') return { method: 'GET', headers: {}, body: null };
  if (spec.kind === 'checkout') {
    const body = JSON.stringify({ productId: 'intuitive', customerEmail: `bench.${process.pid}.${i}.${spec.seed}@example.com`, customerName: 'Bench' });
    return { method: 'POST', headers: { 'content-type': 'application/json' }, body };
  }
  const p = spec.payloads[i];
  return { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': p.signature }, body: p.body };
}

/** One load: `count` requests from `concurrency` lanes, each on a kept-alive connection of its own. */
async function run(spec) {
  const agent = new Agent({ connections: spec.concurrency, pipelining: 1 });
  const latencies = new Array(spec.count);
  let next = 0;
  let ok = 0;
  let failed = 0;
  async function lane() {
    for (;;) {
      const i = next++;
      if (i >= spec.count) return;
      const r = requestFor(spec, i);
      const started = performance.now();
      try {
        const res = await request(spec.url, { dispatcher: agent, method: r.method, headers: r.headers, body: r.body });
        await res.body.dump();
        if (res.statusCode < 300) ok++;
        else failed++;
      } catch {
        failed++;
      }
      latencies[i] = performance.now() - started;
    }
  }
  const t0 = performance.now();
  const cpu0 = cpuMs('/proc/thread-self/stat');
  await Promise.all(Array.from({ length: spec.concurrency }, lane));
  await agent.close();
  const cpu1 = cpuMs('/proc/thread-self/stat');
  return {
    ok,
    failed,
    seconds: (performance.now() - t0) / 1000,
    latenciesMs: latencies,
    cpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0,
  };
}

// On Linux a thread's own priority (pid 0: this thread): the load stands for Stripe, not the shop (harness-nice.ts).
if (workerData.nice > 0) setPriority(0, workerData.nice);

// One load at a time, as load.ts sends them; the thread stays for the next one with its code compiled.
parentPort.on('message', (spec) => {
  run(spec).then(
    (result) => parentPort.postMessage(result),
    (err) => parentPort.postMessage({ error: String(err?.stack ?? err) }),
  );
});
