import { performance } from 'node:perf_hooks';
import type Stripe from 'stripe';
import type { RunningSystem } from '@lumira/standalone/system';
import { startCpuSplit, type CpuSplit } from './cpu-split.js';
import { runLoad, type LoadResult } from './load.js';
import { preparePaidOrders, type SignedWebhook } from './paid-orders.js';
import { startProfiler } from './profiler.js';

export interface WebhookRound {
  accepted: LoadResult;
  completed: number;
  sent: number;
  ordersPerSecond: number;
  /** Webhook accepted (the payment service's insert) → order.completed seen, ms. */
  delaysMs: number[];
  servicesLoop: number;
  gatewayLoop: number;
  cpu: CpuSplit | undefined;
}

/**
 * Signed `payment_intent.succeeded` webhooks → completed orders, end to end, on a running system: an
 * unmeasured round first (without it the measured one pays for compiling the webhook path: perf showed V8's
 * optimising compiler as the largest user of the helper threads' CPU), then the measured one.
 */
export async function webhookRound(
  system: RunningSystem,
  stripe: Stripe,
  o: {
    secret: string;
    count: number;
    warmup: number;
    tag: string;
    pids: { emulator: number | undefined; broker?: number | undefined };
    profile?: string | undefined;
    heapProfile?: string | undefined;
  },
): Promise<WebhookRound> {
  const gateway = system.gatewayUrl;
  const completedAt = new Map<string, number>();
  // The bench's own consumer group: the bus only lets declared groups subscribe.
  await system.infra.bus.declare({ bench: ['order.completed'] });
  await system.infra.bus.subscribe({ durable: 'bench', handlers: { 'order.completed': async (d) => void completedAt.set(d.orderId, Date.now()) } });
  const send = async (payloads: SignedWebhook[]) => {
    const result = await runLoad({ kind: 'webhook', url: `${gateway}/api/webhooks/stripe`, count: payloads.length, concurrency: 32, payloads });
    const deadline = Date.now() + 60_000;
    while (completedAt.size < payloads.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return result;
  };
  await send((await preparePaidOrders(gateway, stripe, o.secret, o.warmup, `${o.tag}-warm`)).payloads);
  const { payloads, orderOfPaymentIntent } = await preparePaidOrders(gateway, stripe, o.secret, o.count, o.tag);
  completedAt.clear();
  const profiler = o.profile ? await startProfiler() : o.heapProfile ? await startProfiler('heap') : undefined;
  const started = Date.now();
  const loopBefore = performance.eventLoopUtilization();
  const gatewayBefore = system.gatewayLoad();
  const cpuSplit = startCpuSplit(o.pids.emulator, o.pids.broker);
  const accepted = await send(payloads);
  const loop = performance.eventLoopUtilization(loopBefore);
  const gatewayLoop = system.gatewayLoad(gatewayBefore);
  const cpu = cpuSplit(completedAt.size, accepted.cpuMs);
  const profileFile = o.profile ?? o.heapProfile;
  if (profileFile) await profiler?.stop(profileFile);
  // Accepted = the moment the payment service recorded the event (its insert is the acceptance), on this process's clock.
  const events = await system.infra.storeRoot
    .forService('payment')
    .collection<{ _id: string; paymentIntentId: string; receivedAt: Date }>('webhookEvents')
    .find({});
  const delaysMs = events
    .map((e) => (completedAt.get(orderOfPaymentIntent.get(e.paymentIntentId) ?? '') ?? NaN) - e.receivedAt.getTime())
    .filter(Number.isFinite);
  const last = Math.max(...completedAt.values());
  return {
    accepted,
    completed: completedAt.size,
    sent: payloads.length,
    ordersPerSecond: completedAt.size / ((last - started) / 1000),
    delaysMs,
    servicesLoop: loop.utilization,
    gatewayLoop: gatewayLoop.utilization,
    cpu,
  };
}
