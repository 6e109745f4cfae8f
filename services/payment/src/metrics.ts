import { Counter, type Registry } from 'prom-client';

export interface PaymentMetrics {
  stripeFailures: Counter<'operation'>;
  signatureFailures: Counter;
  webhooks: Counter<'type' | 'outcome'>;
}

export function paymentMetrics(registry: Registry): PaymentMetrics {
  return {
    stripeFailures: new Counter({ name: 'payment_stripe_failures_total', help: 'Stripe calls that failed or timed out', labelNames: ['operation'], registers: [registry] }),
    signatureFailures: new Counter({ name: 'payment_webhook_signature_failures_total', help: 'Webhooks refused for a missing, bad or stale signature', registers: [registry] }),
    webhooks: new Counter({ name: 'payment_webhooks_total', help: 'Verified Stripe webhooks by type and outcome', labelNames: ['type', 'outcome'], registers: [registry] }),
  };
}
