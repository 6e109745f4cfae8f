import { Counter, type Registry } from 'prom-client';

export interface PaymentMetrics {
  stripeFailures: Counter<'operation'>;
  signatureFailures: Counter;
  webhooks: Counter<'type' | 'outcome'>;
  foreignIntents: Counter<'reason'>;
  webhookVersionMismatch: Counter<'version'>;
  missedEvents: Counter<'outcome'>;
}

export function paymentMetrics(registry: Registry): PaymentMetrics {
  return {
    stripeFailures: new Counter({
      name: 'payment_stripe_failures_total',
      help: 'Stripe calls that failed or timed out',
      labelNames: ['operation'],
      registers: [registry],
    }),
    signatureFailures: new Counter({
      name: 'payment_webhook_signature_failures_total',
      help: 'Webhooks refused for a missing, bad or stale signature',
      registers: [registry],
    }),
    webhooks: new Counter({
      name: 'payment_webhooks_total',
      help: 'Verified Stripe webhooks by type and outcome',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
    foreignIntents: new Counter({
      name: 'payment_foreign_intents_total',
      help: "Signals about PaymentIntents that are not this shop's (none in Stripe, or no order id in their metadata): read once, acknowledged, ignored",
      labelNames: ['reason'],
      registers: [registry],
    }),
    webhookVersionMismatch: new Counter({
      name: 'payment_webhook_api_version_mismatch_total',
      help: 'Webhooks rendered at another API version than the pinned one (the endpoint in Stripe was created with another version)',
      labelNames: ['version'],
      registers: [registry],
    }),
    missedEvents: new Counter({
      name: 'payment_missed_events_total',
      help: "Events read back from Stripe's event list because their delivery failed, by outcome",
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
