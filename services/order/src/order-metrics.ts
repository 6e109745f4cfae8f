import { Counter, type Registry } from 'prom-client';

export interface OrderMetrics {
  foreignFacts: Counter<'reason'>;
  sweepChecks: Counter<'outcome'>;
}

export function orderMetrics(registry: Registry): OrderMetrics {
  return {
    foreignFacts: new Counter({
      name: 'order_foreign_payment_facts_total',
      help: 'Payment facts acknowledged and ignored: no such order here, or the order pays with another PaymentIntent',
      labelNames: ['reason'],
      registers: [registry],
    }),
    sweepChecks: new Counter({ name: 'order_payment_sweep_checks_total', help: 'Pending orders re-read from Stripe by the sweep, by outcome', labelNames: ['outcome'], registers: [registry] }),
  };
}
