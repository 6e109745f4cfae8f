import { Counter, Gauge, type Registry } from 'prom-client';

export interface OrderMetrics {
  foreignFacts: Counter<'reason'>;
  sweepChecks: Counter<'outcome'>;
}

/**
 * `overdueChecks` counts pending orders whose read-back from Stripe is more than one reconciliation window late:
 * the sweep is not running or not keeping up, so a lost webhook would leave those orders pending.
 */
export function orderMetrics(registry: Registry, overdueChecks: () => Promise<number>): OrderMetrics {
  new Gauge({
    name: 'order_payment_checks_overdue',
    help: 'Pending orders whose read-back from Stripe is more than one reconciliation window late',
    registers: [registry],
    async collect() {
      this.set(await overdueChecks());
    },
  });
  return {
    foreignFacts: new Counter({
      name: 'order_foreign_payment_facts_total',
      help: 'Payment facts acknowledged and ignored: no such order here, or the order pays with another PaymentIntent',
      labelNames: ['reason'],
      registers: [registry],
    }),
    sweepChecks: new Counter({
      name: 'order_payment_sweep_checks_total',
      help: 'Pending orders re-read from Stripe by the sweep, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
