import { Counter, Gauge, type Registry } from 'prom-client';

export interface CrmMetrics {
  pushes: Counter<'kind'>;
  pulls: Counter<'outcome'>;
  pulledChanges: Counter<never>;
  failures: Counter<'kind' | 'reason'>;
}

/** `backlog` counts jobs waiting their turn; `parked` those Dolibarr refused for good, waiting for a person and a resync. */
export function crmMetrics(registry: Registry, backlog: () => Promise<number>, parked: () => Promise<number>): CrmMetrics {
  new Gauge({
    name: 'crm_backlog',
    help: 'Pieces of work waiting to reach Dolibarr',
    registers: [registry],
    async collect() {
      this.set(await backlog());
    },
  });
  new Gauge({
    name: 'crm_parked_jobs',
    help: 'Jobs Dolibarr refused for good, parked until a resync',
    registers: [registry],
    async collect() {
      this.set(await parked());
    },
  });
  return {
    pushes: new Counter({
      name: 'crm_pushes_total',
      help: 'Customers, invoices and credit notes written to Dolibarr',
      labelNames: ['kind'],
      registers: [registry],
    }),
    pulls: new Counter({ name: 'crm_pulls_total', help: 'Pulls of thirdparties changed in Dolibarr', labelNames: ['outcome'], registers: [registry] }),
    pulledChanges: new Counter({
      name: 'crm_pulled_changes_total',
      help: 'Customer edits made in Dolibarr passed on to the user service',
      registers: [registry],
    }),
    failures: new Counter({
      name: 'crm_failures_total',
      help: 'Failed pushes, by reason (timeout, server, auth, …)',
      labelNames: ['kind', 'reason'],
      registers: [registry],
    }),
  };
}
