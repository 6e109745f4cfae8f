import { createServer } from 'node:http';
import { cpus } from 'node:os';
import Stripe from 'stripe';
import { startSystem, type RunningSystem } from '@lumira/standalone/system';
import { startNatsServer } from '@lumira/testing';
import { measureBaseline } from './baseline.js';
import { measureIdleMemory, type IdleMemory } from './idle-memory.js';
import { percentile, runLoad, type LoadResult } from './load.js';
import { startStripeProcess } from './stripe-process.js';
import { benchDataDir } from './data-dir.js';
import { benchStore } from './store-backends.js';
import { webhookRound, type WebhookRound } from './webhook-round.js';

/**
 * `npm run bench`: the whole system as `npm start` runs it, in this process (services on the main thread
 * with the embedded store), the Stripe emulator in a process of its own, load from a worker thread. The
 * throughput rounds run with GATEWAY_THREAD=true, the gateway on its own thread as before that became an
 * option, so their figures compare with the README's; idle memory is measured in a process of its own
 * both ways (bench/idle-memory.ts). The webhook round runs over the in-process bus, then over a real nats-server
 * (JetStream), and a raw `node:http` server is measured with the same load generator at the start and the
 * end, so the figures can be read against this machine's speed during the run. Prints; asserts nothing.
 */
const SECRET = 'whsec_bench_secret_0123456789';
const N_CHECKOUT = Number(process.env.BENCH_CHECKOUTS ?? 2000);
const N_WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 3000);
const N_GET = Number(process.env.BENCH_GETS ?? 20000);
const N_WARMUP = Number(process.env.BENCH_WARMUP_WEBHOOKS ?? 1500);

// BENCH_STORE picks the embedded store (bench/store-backends.ts); BENCH_NATS=0 skips the JetStream round.
const storeLabel = benchStore('').label;
const withNats = process.env.BENCH_NATS !== '0';
const rows: [string, string][] = [['embedded store', storeLabel]];
const rps = (r: LoadResult) => r.ok / r.seconds;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// The machine's speed, before anything else runs (measured again at the end).
const baselineStart = await measureBaseline(N_GET, 32);

const sink = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
await new Promise((r) => sink.once('listening', r));
// The emulator's own deliveries go to a sink: the benchmark sends the signed webhooks itself, at full speed.
const emulator = await startStripeProcess({ url: `http://127.0.0.1:${(sink.address() as { port: number }).port}/`, secret: SECRET });
// Whatever ends this process (a crash included), the emulator's process ends with it.
process.once('exit', () => emulator.child.kill('SIGTERM'));
const emulatorUrl = new URL(emulator.url);
const stripe = new Stripe('sk_test_bench', { host: emulatorUrl.hostname, port: Number(emulatorUrl.port), protocol: 'http' });

async function start(extra: Record<string, string> = {}): Promise<{ system: RunningSystem; remove(): Promise<void> }> {
  const data = await benchDataDir();
  const store = benchStore(data.dir);
  const system = await startSystem(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: data.dir,
      RATE_LIMIT_MAX: '100000000',
      STRIPE_WEBHOOK_SECRET: SECRET,
      STRIPE_SECRET_KEY: 'sk_test_bench',
      STRIPE_API_BASE: emulator.url,
      // As before the gateway's thread became an option: the throughput figures stay comparable.
      GATEWAY_THREAD: 'true',
      ...extra,
    },
    { ephemeralPorts: true, ...store.options },
  );
  return { system, remove: data.remove };
}

// In-process bus: the gateway's overhead, checkouts, then the webhook round.
const local = await start();
const gateway = local.system.gatewayUrl;
// (c) gateway overhead on the lightest route, same load both ways, in the same run.
await runLoad({ kind: 'get', url: `${gateway}/api/products`, count: 2000, concurrency: 32 });
const direct = await runLoad({ kind: 'get', url: `${local.system.serviceUrls.payment}/api/products`, count: N_GET, concurrency: 32 });
const viaGateway = await runLoad({ kind: 'get', url: `${gateway}/api/products`, count: N_GET, concurrency: 32 });
// (a) create-payment-intent through the gateway: user, order, Stripe customer and PaymentIntent per request.
const checkout = await runLoad({ kind: 'checkout', url: `${gateway}/api/payments/create-payment-intent`, count: N_CHECKOUT, concurrency: 16 });
const round = (system: RunningSystem, tag: string, broker?: number) =>
  webhookRound(system, stripe, {
    secret: SECRET,
    count: N_WEBHOOKS,
    warmup: N_WARMUP,
    tag,
    pids: { emulator: emulator.child.pid, broker },
    profile: broker ? undefined : process.env.BENCH_PROFILE,
    heapProfile: broker ? undefined : process.env.BENCH_HEAP_PROFILE,
  });
const memory = await round(local.system, 'wh');
await local.system.stop();
await local.remove();

// The same round over NATS JetStream, on a fresh system and store.
let jetstream: WebhookRound | undefined;
if (withNats) {
  const nats = await startNatsServer();
  const overNats = await start({ NATS_URL: nats.url });
  jetstream = await round(overNats.system, 'wh-nats', nats.pid());
  await overNats.system.stop();
  await overNats.remove();
  await nats.stop();
}

const baselineEnd = await measureBaseline(N_GET, 32);
// After the load, one system at a time: `npm start` as users run it, idle.
// BENCH_IDLE=0 skips it (bench:stores runs this program once a backend and pass, for the stores' figures alone).
const idle =
  process.env.BENCH_IDLE === '0'
    ? undefined
    : { inProcess: await measureIdleMemory({ GATEWAY_THREAD: 'false' }), thread: await measureIdleMemory({ GATEWAY_THREAD: 'true' }) };
const baseline = (rps(baselineStart) + rps(baselineEnd)) / 2;

rows.push([
  'raw node:http hello-world (baseline)',
  `${fmt(rps(baselineStart))} req/s at the start, ${fmt(rps(baselineEnd))} at the end (same load generator, 32 concurrent)`,
]);
rows.push(['GET /api/products direct to payment', `${fmt(rps(direct))} req/s, p99 ${fmt(percentile(direct.latenciesMs, 99), 1)} ms`]);
rows.push(['GET /api/products through the gateway', `${fmt(rps(viaGateway))} req/s, p99 ${fmt(percentile(viaGateway.latenciesMs, 99), 1)} ms`]);
rows.push(['(c) gateway keeps of direct throughput', `${fmt((100 * rps(viaGateway)) / rps(direct), 1)} %  (target ≥ 30 %)`]);
rows.push([
  '(a) create-payment-intent',
  `${fmt(rps(checkout))} req/s, p50 ${fmt(percentile(checkout.latenciesMs, 50), 1)} ms, p99 ${fmt(percentile(checkout.latenciesMs, 99), 1)} ms, ${checkout.failed} failed`,
]);

/** µs of CPU per order in the system's own process (services' thread, gateway's thread, the rest), and in nats-server. */
const systemCpu = (r: WebhookRound) => (r.cpu ? r.cpu.services + r.cpu.restOfSystem : NaN);
function webhookRows(label: string, r: WebhookRound): void {
  rows.push([
    `(b) ${label}: webhooks accepted`,
    `${fmt(rps(r.accepted))} req/s, p99 answer ${fmt(percentile(r.accepted.latenciesMs, 99), 1)} ms, ${r.accepted.failed} failed`,
  ]);
  rows.push([
    `(b) ${label}: orders completed`,
    `${fmt(r.ordersPerSecond)} orders/s (${r.completed}/${r.sent}), ${fmt((1000 * r.ordersPerSecond) / baseline, 1)} per 1,000 baseline req/s`,
  ]);
  rows.push([`(b) ${label}: accepted → completed`, `p50 ${fmt(percentile(r.delaysMs, 50), 1)} ms, p99 ${fmt(percentile(r.delaysMs, 99), 1)} ms`]);
  rows.push([`(b) ${label}: event loops busy`, `services thread ${fmt(100 * r.servicesLoop, 1)} %, gateway thread ${fmt(100 * r.gatewayLoop, 1)} %`]);
  // CPU per order moves less between runs than orders/s, and says which part would have to shrink.
  if (r.cpu) {
    const c = r.cpu;
    rows.push([
      `(b) ${label}: CPU per order`,
      `${fmt(systemCpu(r) / 1000, 2)} ms in the system's process (services ${fmt(c.services)} µs, gateway thread and rest ${fmt(c.restOfSystem)} µs)${c.broker ? `, nats-server ${fmt(c.broker)} µs` : ''}, Stripe emulator ${fmt(c.emulator)} µs, load generator ${fmt(c.load)} µs`,
    ]);
    rows.push([
      `(b) ${label}: the rest, by thread`,
      `gateway thread ${fmt(c.rest.workerThreads)} µs, V8 helpers (GC, compiler) ${fmt(c.rest.v8Helpers)} µs, I/O pool ${fmt(c.rest.ioPool)} µs, other ${fmt(c.rest.other)} µs`,
    ]);
    rows.push([
      `(b) ${label}: what the cores allow`,
      `${fmt(c.total)} µs of CPU per order in all: at most ${fmt((cpus().length * 1e6) / c.total)} orders/s on ${cpus().length} cores`,
    ]);
  }
}
webhookRows('in-process bus', memory);
if (jetstream) {
  webhookRows('NATS JetStream', jetstream);
  rows.push([
    '(b) NATS JetStream / in-process',
    `orders/s × ${fmt(jetstream.ordersPerSecond / memory.ordersPerSecond, 2)}, system CPU per order × ${fmt(systemCpu(jetstream) / systemCpu(memory), 2)}${jetstream.cpu ? `, all CPU per order × ${fmt(jetstream.cpu.total / (memory.cpu?.total ?? NaN), 2)}` : ''}`,
  ]);
}

const idleRow = (m: IdleMemory) =>
  `${fmt(m.rssMb, 1)} MB resident (anonymous ${fmt(m.anonMb, 1)}, file-backed ${fmt(m.fileMb, 1)}), /ready ${fmt(m.readyMs)} ms after spawn`;
if (idle) {
  rows.push(['npm start idle, gateway on the main thread', `${idleRow(idle.inProcess)}  (target < 120 MB)`]);
  rows.push(['npm start idle, GATEWAY_THREAD=true', idleRow(idle.thread)]);
}

const width = Math.max(...rows.map(([k]) => k.length));
process.stdout.write(
  `\nLumira benchmark — system in one process (services on the main thread with the embedded store, the gateway on its own thread: GATEWAY_THREAD=true for every throughput round), over the in-process bus then a real nats-server (JetStream); Stripe emulator in its own process, load from a worker thread (${new Date().toISOString()}, ${cpus().length} cores)\n`,
);
process.stdout.write(`${'-'.repeat(width + 60)}\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n\n`);
emulator.child.kill('SIGTERM');
sink.close();
