import { Counter, type Registry } from 'prom-client';

export interface FulfilmentMetrics {
  readings: Counter<'event'>;
  uploads: Counter<'kind' | 'outcome'>;
  signIns: Counter<'outcome'>;
  downloads: Counter<'outcome'>;
}

export function fulfilmentMetrics(registry: Registry): FulfilmentMetrics {
  return {
    readings: new Counter({
      name: 'fulfilment_readings_total',
      help: 'Readings created, delivered, suspended and revoked',
      labelNames: ['event'],
      registers: [registry],
    }),
    uploads: new Counter({
      name: 'fulfilment_uploads_total',
      help: 'Expert uploads by kind and outcome (accepted, or the refusal code)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    signIns: new Counter({
      name: 'fulfilment_sign_ins_total',
      help: 'Sign-in requests and exchanges by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    downloads: new Counter({ name: 'fulfilment_downloads_total', help: 'Download link uses by outcome', labelNames: ['outcome'], registers: [registry] }),
  };
}
