import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad } from './load.js';

/**
 * `npm run bench:stores`: the same benchmark on the old embedded store (nedb) and on SQLite, back to back
 * on one machine, each in a fresh process, then the resident-size run for each. A raw node:http server's
 * req/s on the same machine is the yardstick: orders/s per 1,000 of it moves less with the machine.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const node = process.execPath;

const raw = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
await new Promise((r) => raw.once('listening', r));
const rawUrl = `http://127.0.0.1:${(raw.address() as { port: number }).port}/`;
await runLoad({ kind: 'get', url: rawUrl, count: 5_000, concurrency: 32 });
const baseline = await runLoad({ kind: 'get', url: rawUrl, count: 40_000, concurrency: 32 });
raw.close();
const baselineRps = baseline.ok / baseline.seconds;

const row = (out: string, name: string) =>
  out
    .split('\n')
    .find((l) => l.startsWith(name))
    ?.slice(name.length)
    .trim() ?? '?';
const results: Record<string, { ordersPerSec: number; cpu: string; out: string }> = {};
for (const backend of ['nedb', 'sqlite']) {
  const out = execFileSync(node, [path.join(here, 'run.js')], {
    env: { ...process.env, BENCH_STORE: backend, BENCH_NATS: '0' },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  process.stdout.write(out);
  const completed = row(out, '(b) in-process bus: orders completed');
  results[backend] = { ordersPerSec: Number(completed.split(' ')[0]!.replace(/,/g, '')), cpu: row(out, '(b) in-process bus: CPU per order'), out };
}
const memory: Record<string, { rssAt1k: number; rssAtEnd: number; orders: number; cpuUsPerOrder: number }> = {};
for (const backend of ['nedb', 'sqlite']) {
  const out = execFileSync(node, ['--expose-gc', path.join(here, 'store-memory.js'), backend], { encoding: 'utf8' });
  memory[backend] = JSON.parse(out.trim().split('\n').at(-1)!);
}

const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
const lines = [
  `raw node:http baseline: ${baselineRps.toFixed(0)} req/s`,
  ...['nedb', 'sqlite'].map((b) => {
    const r = results[b]!;
    const m = memory[b]!;
    return `${b.padEnd(6)}  webhook→completed ${r.ordersPerSec.toFixed(0)} orders/s = ${((1000 * r.ordersPerSec) / baselineRps).toFixed(1)} per 1,000 baseline req/s; CPU per order: ${r.cpu}; store alone ${m.cpuUsPerOrder.toFixed(0)} µs CPU per order; RSS ${mb(m.rssAt1k)} after 1,000 orders, ${mb(m.rssAtEnd)} after ${m.orders.toLocaleString('en-US')} (${(((m.rssAtEnd - m.rssAt1k) / m.rssAt1k) * 100).toFixed(0)} %)`;
  }),
  `SQLite / nedb, webhook→completed: ${(results.sqlite!.ordersPerSec / results.nedb!.ordersPerSec).toFixed(2)}× (target ≥ 1.6×)`,
];
process.stdout.write(`\nEmbedded stores compared (${new Date().toISOString()})\n${lines.join('\n')}\n`);
