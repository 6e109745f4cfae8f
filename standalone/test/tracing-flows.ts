import type { Test } from 'tap';
import { createDolibarrEmulator } from '@lumira/dolibarr-emulator';
import { waitFor } from '@lumira/testing';
import { startTestSystem } from './harness.js';
import { startOtlpReceiver } from './otlp-receiver.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** One purchase through the gateway, exported to a local OTLP receiver; over either bus transport. */
export function tracingFlows(t: Test, options: { nats?: boolean } = {}): void {
  t.test('one purchase is one trace: gateway, payment, order, user, notification, CRM, fulfilment', async (t) => {
    const receiver = await startOtlpReceiver();
    t.teardown(receiver.close);
    const dolibarr = createDolibarrEmulator({ apiKey: 'trace-dolibarr-key' });
    const dolibarrUrl = await dolibarr.listen();
    t.teardown(() => dolibarr.close());
    const s = await startTestSystem(t, {
      ...options,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        LOG_LEVEL: 'info',
        DOLIBARR_URL: dolibarrUrl,
        DOLIBARR_API_KEY: 'trace-dolibarr-key',
      },
      captureLogs: true,
    });

    // The client's own trace context: the gateway continues it, so the whole purchase is findable by it.
    const res = await s.api('/api/payments/create-payment-intent', {
      method: 'POST',
      json: { productId: 'intuitive', customerEmail: `trace.${process.pid}@example.com`, customerName: 'Élise' },
      headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
    });
    t.equal(res.status, 200);
    const { orderId, paymentIntentId } = res.body as { orderId: string; paymentIntentId: string };
    // Stripe's webhook comes later, with no trace context of ours.
    await s.stripe.paymentIntents.confirm(paymentIntentId, { payment_method: 'pm_card_visa' });
    await s.waitForOrder(orderId, 'completed');
    await waitFor(
      async () => (await s.admin(`/api/admin/notifications?orderId=${orderId}`)).notifications.some((n: { status: string }) => n.status === 'sent'),
      { what: 'the mail sent' },
    );

    const services = () => new Set(receiver.spans.filter((span) => span.traceId === TRACE_ID).map((span) => span.service));
    const wanted = ['gateway', 'payment', 'order', 'user', 'notification', 'crm-sync', 'fulfilment'];
    // Spans are exported in batches (every few seconds): wait until every service's have come.
    await waitFor(() => wanted.every((name) => services().has(name)), { what: `spans of ${wanted.join(', ')} in one trace`, timeoutMs: 30_000 });
    t.same([...services()].sort(), [...wanted].sort(), 'every part of the purchase is in the trace');

    const trace = receiver.spans.filter((span) => span.traceId === TRACE_ID);
    const ids = new Set(trace.map((span) => span.spanId));
    const roots = trace.filter((span) => !ids.has(span.parentSpanId));
    t.same(
      roots.map((span) => [span.service, span.parentSpanId]),
      [['gateway', '00f067aa0ba902b7']],
      'one root: the gateway span, child of the client',
    );

    const consumed = (service: string, subject: string) => trace.find((span) => span.service === service && span.name === `process ${subject}`);
    t.ok(consumed('order', 'payment.succeeded'), 'the order service took payment.succeeded in the trace');
    t.ok(consumed('notification', 'order.completed'), 'the notification service took order.completed in the trace (through the order outbox)');
    t.ok(
      trace.find((span) => span.service === 'order' && span.name === 'rpc.order.create'),
      'rpc.order.create served in the trace',
    );
    t.ok(
      trace.find((span) => span.service === 'notification' && span.name === 'send mail' && span.attributes['lumira.order_id'] === orderId),
      'the mail was sent in the trace (a later pass of the sender)',
    );

    // The webhook's own trace is linked from the span that joined the checkout's trace.
    const joined = trace.find((span) => span.name === 'payment.reconcile');
    t.ok(joined, 'the payment facts were published in the checkout trace');
    t.equal(joined?.attributes['lumira.order_id'], orderId);
    const webhook = receiver.spans.find(
      (span) => span.service === 'gateway' && span.attributes['url.path'] === '/api/webhooks/stripe' && joined?.links.some((l) => l.traceId === span.traceId),
    );
    t.ok(webhook, 'linked to the trace of the webhook that brought the news');

    const traced = s.logs.filter((line) => line.traceId === TRACE_ID);
    t.ok(
      traced.some((line) => line.service === 'gateway' && line.msg === 'request done'),
      'the gateway line carries the trace id',
    );
    t.ok(
      traced.some((line) => line.service === 'payment' && line.msg === 'request done'),
      'the payment line carries the trace id',
    );
    t.ok(
      traced.some((line) => line.service === 'notification' && line.msg === 'mail sent' && line.orderId === orderId),
      'so does the mail line, with its order',
    );
  });
}
