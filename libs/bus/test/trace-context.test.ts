import t from 'tap';
import { connect } from '@nats-io/transport-node';
import type { Bus } from '@lumira/bus';
import { createEvent } from '@lumira/bus';
import { NatsBus } from '@lumira/bus/nats';
import { activeTraceId, inSpan, SpanKind } from '@lumira/telemetry';
import { startInMemoryTracing } from '@lumira/telemetry/testing';
import { openMemoryBus, startNatsServer, testLogger, waitFor } from '@lumira/testing';

const tracing = await startInMemoryTracing();
t.teardown(() => tracing.telemetry.shutdown());
const nats = await startNatsServer();
t.teardown(() => nats.stop());

const linked = (userId: string) => ({ userId, dolibarrCustomerId: 7 });

/** Publishes inside a producer span; returns its trace and span ids. */
async function publishTraced(publish: () => Promise<unknown>): Promise<{ traceId: string; spanId: string }> {
  return await inSpan('producer', 'make the event', { kind: SpanKind.INTERNAL }, async (span) => {
    await publish();
    return { traceId: span!.spanContext().traceId, spanId: span!.spanContext().spanId };
  });
}

/** What a handler saw: the trace it ran in, per user id. */
function recorder() {
  const seen = new Map<string, string | undefined>();
  return { seen, handler: async (data: { userId: string }) => void seen.set(data.userId, activeTraceId()) };
}

function consumerSpan(userId: string, durable: string) {
  return tracing
    .spans()
    .find(
      (s) =>
        s.name === 'process crm.customer.linked' &&
        s.attributes['messaging.consumer.group.name'] === durable &&
        s.attributes['messaging.message.id'] === userId,
    );
}

function transportChecks(name: string, open: () => Promise<Bus>, reopen: () => Promise<Bus>) {
  t.test(`${name}: the consumer span is a child of the publisher's`, async (t) => {
    const bus = await open();
    t.teardown(() => bus.close());
    const { seen, handler } = recorder();
    await bus.subscribe({ durable: `${name}-live`, handlers: { 'crm.customer.linked': handler } });
    const producer = await publishTraced(() => bus.publish('crm.customer.linked', linked('live'), { id: `${name}-live-1` }));
    await waitFor(() => seen.has('live'), { what: 'delivery' });
    t.equal(seen.get('live'), producer.traceId, 'the handler runs in the producer trace');
    const span = await waitFor(() => consumerSpan(`${name}-live-1`, `${name}-live`), { what: 'consumer span' });
    t.equal(span.parentSpanContext?.spanId, producer.spanId, 'parent is the producer span');
    t.equal(span.kind, SpanKind.CONSUMER);
  });

  t.test(`${name}: an event made in a trace (an outbox entry) and published later, outside it, continues that trace`, async (t) => {
    const bus = await open();
    t.teardown(() => bus.close());
    let event: ReturnType<typeof createEvent<'crm.customer.linked'>> | undefined;
    const producer = await publishTraced(async () => {
      event = createEvent('crm.customer.linked', linked('outbox'), { id: `${name}-outbox-1` });
    });
    t.match(event!.traceparent, new RegExp(`^00-${producer.traceId}-${producer.spanId}-01$`), 'the envelope carries the context');
    // The relay: a timer, no active span; the entry went through the store as JSON.
    const stored = JSON.parse(JSON.stringify(event)) as typeof event & {};
    t.equal(activeTraceId(), undefined);
    const { seen, handler } = recorder();
    await bus.subscribe({ durable: `${name}-outbox`, handlers: { 'crm.customer.linked': handler } });
    await bus.publishEnvelope(stored);
    await waitFor(() => seen.has('outbox'), { what: 'delivery' });
    t.equal(seen.get('outbox'), producer.traceId);
  });

  t.test(`${name}: the context is kept with the message across a restart of the bus`, async (t) => {
    const first = await open();
    await first.declare({ [`${name}-later`]: ['crm.customer.linked'] });
    const producer = await publishTraced(() => first.publish('crm.customer.linked', linked('later'), { id: `${name}-later-1` }));
    await first.close();
    const second = await reopen();
    t.teardown(() => second.close());
    const { seen, handler } = recorder();
    await second.subscribe({ durable: `${name}-later`, handlers: { 'crm.customer.linked': handler } });
    await waitFor(() => seen.has('later'), { what: 'delivery after the restart' });
    t.equal(seen.get('later'), producer.traceId);
  });

  t.test(`${name}: an RPC is served in a span child of the caller's`, async (t) => {
    const bus = await open();
    t.teardown(() => bus.close());
    let served: string | undefined;
    const sub = await bus.serve('rpc.order.abandon', async () => {
      served = activeTraceId();
      return { ok: true as const };
    });
    t.teardown(() => sub.stop());
    const caller = await publishTraced(async () => await bus.request('rpc.order.abandon', { orderId: `ord_${name}`, reason: 'payment_provider_unavailable' }));
    t.equal(served, caller.traceId);
    const span = tracing.spans().find((s) => s.name === 'rpc.order.abandon' && s.parentSpanContext?.spanId === caller.spanId);
    t.ok(span, 'server span under the caller');
    t.equal(span?.resource.attributes['service.name'], 'order', 'named after the service that serves it');
  });
}

let memoryDir: string | undefined;
transportChecks(
  'memory',
  async () => {
    const bus = await openMemoryBus(memoryDir ? { dir: memoryDir } : {});
    memoryDir = bus.dir;
    return bus;
  },
  async () => await openMemoryBus({ dir: memoryDir! }),
);

const openNats = async () => await NatsBus.connect({ url: nats.url, name: 'trace-test', log: testLogger() });
transportChecks('nats', openNats, openNats);

t.test('nats: the context travels in the message headers', async (t) => {
  const nc = await connect({ servers: nats.url });
  t.teardown(() => nc.close());
  const headers = new Promise<string | undefined>((resolve) => {
    const sub = nc.subscribe('crm.customer.linked', { max: 1, callback: (_err, msg) => resolve(msg.headers?.get('traceparent')) });
    void sub;
  });
  await nc.flush();
  const bus = await openNats();
  t.teardown(() => bus.close());
  const producer = await publishTraced(() => bus.publish('crm.customer.linked', linked('wire'), { id: 'nats-wire-1' }));
  t.equal(await headers, `00-${producer.traceId}-${producer.spanId}-01`);
});

t.test('tracing off: nothing is added to the envelope', async (t) => {
  await tracing.telemetry.shutdown();
  const event = createEvent('crm.customer.linked', linked('off'));
  t.notOk('traceparent' in event);
});
