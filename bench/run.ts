import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import Stripe from 'stripe';
import { startSystem } from '@lumira/standalone/system';
import { percentile, runLoad, type LoadResult } from './load.js';
import { startStripeProcess } from './stripe-process.js';
import { startProfiler } from './profiler.js';
import { startCpuSplit } from './cpu-split.js';
import { benchDataDir } from './data-dir.js';
import { preparePaidOrders, type SignedWebhook } from './paid-orders.js';
import { benchStore } from './store-backends.js';

/**
 * `npm run bench`: the whole system as `npm start` runs it, in this process (services on the main thread
 * with the embedded store and in-process bus, the gateway on its own thread), the Stripe emulator in a
 * process of its own, load from a worker thread. Prints figures and ratios; it asserts nothing.
 */
const SECRET = 'whsec_bench_secret_0123456789';
const N_CHECKOUT = Number(process.env.BENCH_CHECKOUTS ?? 2000);
const N_WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 3000);
const N_GET = Number(process.env.BENCH_GETS ?? 20000);
const N_WARMUP = Number(process.env.BENCH_WARMUP_WEBHOOKS ?? 1500);

const data = await benchDataDir();
const store = benchStore(data.dir);
const sink = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
await new Promise((r) => sink.once('listening', r));
// The emulator's own deliveries go to a sink: the benchmark sends the signed webhooks itself, at full speed.
const emulator = await startStripeProcess({ url: `http://127.0.0.1:${(sink.address() as { port: number }).port}/`, secret: SECRET });
// Whatever ends this process (a crash included), the emulator's process ends with it.
process.once('exit', () => emulator.child.kill('SIGTERM'));
const system = await startSystem(
  { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: data.dir, RATE_LIMIT_MAX: '100000000', STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_API_BASE: emulator.url },
  { ephemeralPorts: true, ...store.options },
);
const emulatorUrl = new URL(emulator.url);
const stripe = new Stripe('sk_test_bench', { host: emulatorUrl.hostname, port: Number(emulatorUrl.port), protocol: 'http' });
const gateway = system.gatewayUrl;
const rows: [string, string][] = [['embedded store', store.label]];
const rps = (r: LoadResult) => r.ok / r.seconds;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// (c) gateway overhead on the lightest route, same load both ways, in the same run.
await runLoad({ kind: 'get', url: `${gateway}/api/products`, count: 2000, concurrency: 32 });
const direct = await runLoad({ kind: 'get', url: `${system.serviceUrls.payment}/api/products`, count: N_GET, concurrency: 32 });
const viaGateway = await runLoad({ kind: 'get', url: `${gateway}/api/products`, count: N_GET, concurrency: 32 });
rows.push(['GET /api/products direct to payment', `${fmt(rps(direct))} req/s, p99 ${fmt(percentile(direct.latenciesMs, 99), 1)} ms`]);
rows.push(['GET /api/products through the gateway', `${fmt(rps(viaGateway))} req/s, p99 ${fmt(percentile(viaGateway.latenciesMs, 99), 1)} ms`]);
rows.push(['(c) gateway keeps of direct throughput', `${fmt((100 * rps(viaGateway)) / rps(direct), 1)} %  (target ≥ 30 %)`]);

// (a) create-payment-intent through the gateway: user, order, Stripe customer and PaymentIntent per request.
const checkout = await runLoad({ kind: 'checkout', url: `${gateway}/api/payments/create-payment-intent`, count: N_CHECKOUT, concurrency: 16 });
rows.push(['(a) create-payment-intent', `${fmt(rps(checkout))} req/s, p50 ${fmt(percentile(checkout.latenciesMs, 50), 1)} ms, p99 ${fmt(percentile(checkout.latenciesMs, 99), 1)} ms, ${checkout.failed} failed`]);

// (b) signed webhooks → completed orders, end to end.
const completedAt = new Map<string, number>();
// The bench's own consumer group: the bus only lets declared groups subscribe.
await system.infra.bus.declare({ bench: ['order.completed'] });
await system.infra.bus.subscribe({ durable: 'bench', handlers: { 'order.completed': async (d) => void completedAt.set(d.orderId, Date.now()) } });
const sendWebhooks = async (payloads: SignedWebhook[]) => {
  const result = await runLoad({ kind: 'webhook', url: `${gateway}/api/webhooks/stripe`, count: payloads.length, concurrency: 32, payloads });
  const deadline = Date.now() + 60_000;
  while (completedAt.size < payloads.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return result;
};
// A first round that is not measured: without it the measured one pays for compiling the webhook path
// (perf showed V8's optimising compiler as the largest user of the helper threads' CPU).
await sendWebhooks((await preparePaidOrders(gateway, stripe, SECRET, N_WARMUP, 'warm')).payloads);
const { payloads, orderOfPaymentIntent: orderOfPi } = await preparePaidOrders(gateway, stripe, SECRET, N_WEBHOOKS, 'wh');
completedAt.clear();
const profiler = process.env.BENCH_PROFILE ? await startProfiler() : undefined;
const started = Date.now();
const loopBefore = performance.eventLoopUtilization();
const gatewayBefore = system.gatewayLoad();
const cpuSplit = startCpuSplit(emulator.child.pid);
const webhooks = await sendWebhooks(payloads);
const loop = performance.eventLoopUtilization(loopBefore);
const gatewayLoop = system.gatewayLoad(gatewayBefore);
const cpu = cpuSplit(completedAt.size, webhooks.cpuMs);
await profiler?.stop(process.env.BENCH_PROFILE!);
// Accepted = the moment the payment service recorded the event (its insert is the acceptance), on this process's clock.
const accepted = await system.infra.storeRoot.forService('payment').collection<{ _id: string; paymentIntentId: string; receivedAt: Date }>('webhookEvents').find({});
const delays = accepted.map((a) => (completedAt.get(orderOfPi.get(a.paymentIntentId) ?? '') ?? NaN) - a.receivedAt.getTime()).filter(Number.isFinite);
const lastCompletion = Math.max(...completedAt.values());
rows.push(['signed webhooks accepted', `${fmt(rps(webhooks))} req/s, p99 answer ${fmt(percentile(webhooks.latenciesMs, 99), 1)} ms, ${webhooks.failed} failed`]);
rows.push(['(b) orders completed end to end', `${fmt(completedAt.size / ((lastCompletion - started) / 1000))} orders/s (${completedAt.size}/${payloads.length}; target ≥ 1,000/s)`]);
rows.push(['(b) event loops busy', `services thread ${fmt(100 * loop.utilization, 1)} %, gateway thread ${fmt(100 * gatewayLoop.utilization, 1)} %`]);
// CPU per order moves less between runs than orders/s, and says which part would have to shrink.
if (cpu) {
  rows.push(['(b) CPU per order', `services ${fmt(cpu.services)} µs, gateway thread and rest of the process ${fmt(cpu.restOfSystem)} µs, Stripe emulator ${fmt(cpu.emulator)} µs, load generator ${fmt(cpu.load)} µs`]);
  rows.push(['(b) what the cores allow', `${fmt(cpu.total)} µs of CPU per order in all: at most ${fmt((cpus().length * 1e6) / cpu.total)} orders/s on ${cpus().length} cores, ${fmt(1e6 / cpu.services)}/s on the services' one thread`]);
}
rows.push(['(b) webhook accepted → order completed', `p50 ${fmt(percentile(delays, 50), 1)} ms, p99 ${fmt(percentile(delays, 99), 1)} ms`]);

const width = Math.max(...rows.map(([k]) => k.length));
process.stdout.write(`\nLumira benchmark — system in one process (services on the main thread with the embedded store and in-process bus, the gateway on its own thread), Stripe emulator in its own process, load from a worker thread; data in ${data.dir} (${new Date().toISOString()})\n`);
process.stdout.write(`${'-'.repeat(width + 60)}\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n\n`);
await system.stop();
emulator.child.kill('SIGTERM');
sink.close();
await data.remove();
