import { contextFromCarrier, inSpan, linkToActive, tracingEnabled, type TraceCarrier } from '@lumira/telemetry';

/**
 * Stripe's webhook (like the sweep, the missed-events reader or an order read) arrives with no trace
 * context: it starts a trace of its own. The checkout's context was kept by order id (purchase-traces),
 * so the facts read back are published in a span of the checkout's trace, linked to the trace that
 * brought the news: the order, mail, CRM and reading that follow are the purchase's one trace.
 */
export async function joinCheckoutTrace(
  checkout: TraceCarrier | undefined,
  ids: { paymentIntentId: string; orderId?: string | undefined },
  publish: () => Promise<void>,
): Promise<void> {
  if (!tracingEnabled() || !checkout) return await publish();
  const attributes = { 'lumira.payment_intent_id': ids.paymentIntentId, ...(ids.orderId ? { 'lumira.order_id': ids.orderId } : {}) };
  await inSpan('payment', 'payment.reconcile', { parent: contextFromCarrier(checkout as Record<string, unknown>), links: linkToActive(), attributes }, publish);
}
