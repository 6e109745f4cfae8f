import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad } from './load.js';

/**
 * `npm run bench:stores`: the same benchmark on the old embedded store (nedb) and on SQLite, back to back
 * on one machine, each in a fresh process, then the resident-size run for each. A raw node:http server's
 * req/s on the same machine is the yardstick: orders/s per 1,000 of it moves less with the machine.
 * Each backend runs on a new shop (1,500 orders before the measured 3,000; BENCH_STORE_PAIRS alternated
 * pairs, 3 by default) and on a shop with a history (BENCH_HISTORY_ORDERS, 20,000 by default, made through
 * the whole system the same way): a shop's store only grows, and the two hold it differently (nedb every document in memory and an index value's
 * documents in one array; SQLite pages on disk behind a bounded cache). Each pass also prints its own
 * baseline at its start and end: on a shared machine, read the passes' CPU per order first.
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
const count = (text: string | undefined) => Number(text?.replace(/,/g, '') ?? NaN);
/**
 * The two ceilings of a pass: the services' thread can use one core at most (1e6 / its µs per order), and all
 * the work of an order shares the machine's cores (run.ts's "at most … orders/s"). A pass runs near the lower one.
 */
const boundsOf = (cpu: string, cores: string) => ({
  thread: 1e6 / count(/services ([\d,]+) µs/.exec(cpu)?.[1]),
  cores: count(/at most ([\d,]+) orders\/s/.exec(cores)?.[1]),
});
const history = Number(process.env.BENCH_HISTORY_ORDERS ?? 20_000);
// One pair of passes is one sample of a machine whose speed moves by tens of per cent within minutes:
// the new shop, the short pass, runs as several alternated pairs, and the median of their ratios is read.
const newShopPairs = Math.max(1, Number(process.env.BENCH_STORE_PAIRS ?? 3));
const shops = [
  ...Array.from({ length: newShopPairs }, (_, i) => ({ shop: 'new' as const, pair: i + 1, env: {} })),
  // The history's own rounds need not be measured at length: fewer GETs and checkouts, same webhook round.
  { shop: 'history', pair: 1, env: { BENCH_WARMUP_WEBHOOKS: String(history), BENCH_GETS: '2000', BENCH_CHECKOUTS: '200' } },
] as const;
interface Pass {
  shop: 'new' | 'history';
  pair: number;
  ordersPerSec: Record<string, number>;
  cpu: Record<string, string>;
  /** What each of the two limits allowed: the services' thread alone (one core) and all the CPU per order (two cores). */
  bounds: Record<string, { thread: number; cores: number }>;
}
const passes: Pass[] = [];
// Alternated (nedb, SQLite, nedb, SQLite): a machine that slows down during the run slows both alike.
for (const { shop, pair, env } of shops) {
  const pass: Pass = { shop, pair, ordersPerSec: {}, cpu: {}, bounds: {} };
  for (const backend of ['nedb', 'sqlite']) {
    const out = execFileSync(node, [path.join(here, 'run.js')], {
      env: { ...process.env, ...env, BENCH_STORE: backend, BENCH_NATS: '0', BENCH_IDLE: '0' },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    process.stdout.write(out);
    pass.ordersPerSec[backend] = count(row(out, '(b) in-process bus: orders completed').split(' ')[0]);
    pass.cpu[backend] = row(out, '(b) in-process bus: CPU per order');
    pass.bounds[backend] = boundsOf(pass.cpu[backend]!, row(out, '(b) in-process bus: what the cores allow'));
  }
  passes.push(pass);
}
const ratio = (p: Pass) => p.ordersPerSec.sqlite! / p.ordersPerSec.nedb!;
const newShopRatios = passes
  .filter((p) => p.shop === 'new')
  .map(ratio)
  .sort((a, b) => a - b);
const median = newShopRatios[Math.floor(newShopRatios.length / 2)]!;
// The resident-size runs use the node flags `npm start` runs the system with (its young generation is
// capped there; uncapped, V8 grows it under load and the figure measures V8's sizing, not the store).
const startScript = (JSON.parse(readFileSync(path.join(here, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
const startFlags = /node ((?:--\S+ )*)standalone\/dist\/main\.js/.exec(startScript)?.[1]?.trim().split(' ').filter(Boolean) ?? [];
const memory: Record<string, { rssAt1k: number; rssAtEnd: number; rss: Record<string, number>; orders: number; cpuUsPerOrder: number }> = {};
for (const backend of ['nedb', 'sqlite']) {
  const out = execFileSync(node, ['--expose-gc', ...startFlags, path.join(here, 'store-memory.js'), backend], { encoding: 'utf8' });
  memory[backend] = JSON.parse(out.trim().split('\n').at(-1)!);
}

const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
const perBaseline = (ordersPerSec: number) => ((1000 * ordersPerSec) / baselineRps).toFixed(1);
const shopLabel = (p: Pass) => (p.shop === 'new' ? `new shop, pair ${p.pair}` : `${history.toLocaleString('en-US')} orders of history`);
const lines = [
  `raw node:http baseline: ${baselineRps.toFixed(0)} req/s`,
  ...passes.flatMap((p) =>
    ['nedb', 'sqlite'].map(
      (b) =>
        `${b.padEnd(6)}  ${shopLabel(p)}: webhook→completed ${p.ordersPerSec[b]!.toFixed(0)} orders/s = ${perBaseline(p.ordersPerSec[b]!)} per 1,000 baseline req/s; CPU per order: ${p.cpu[b]}; ceilings: services' thread ${p.bounds[b]!.thread.toFixed(0)}, cores ${p.bounds[b]!.cores.toFixed(0)} orders/s`,
    ),
  ),
  ...['nedb', 'sqlite'].map((b) => {
    const m = memory[b]!;
    return `${b.padEnd(6)}  store alone (node ${startFlags.join(' ')}): ${m.cpuUsPerOrder.toFixed(0)} µs CPU per order; RSS after ${Object.entries(m.rss)
      .map(([n, bytes]) => `${Number(n).toLocaleString('en-US')} orders ${mb(bytes)}`)
      .join(', ')} (${(((m.rssAtEnd - m.rssAt1k) / m.rssAt1k) * 100).toFixed(0)} % from 1,000 to ${m.orders.toLocaleString('en-US')}; target ≤ 20 %)`;
  }),
  // Where nedb is held by its services' thread and SQLite by the cores, the second figure is what the ratio
  // falls to on a machine whose cores are shared (both held by the cores).
  ...passes.map(
    (p) =>
      `SQLite / nedb, webhook→completed, ${shopLabel(p)}: ${ratio(p).toFixed(2)}× (all CPU per order, nedb / SQLite: ${(p.bounds.sqlite!.cores / p.bounds.nedb!.cores).toFixed(2)}×)`,
  ),
  `SQLite / nedb, webhook→completed, new shop, median of ${newShopRatios.length} alternated pairs: ${median.toFixed(2)}× (target ≥ 1.6×)`,
];
process.stdout.write(`\nEmbedded stores compared (${new Date().toISOString()})\n${lines.join('\n')}\n`);
