import { Counter, Histogram, type Registry } from 'prom-client';

export interface NotificationMetrics {
  sent: Counter<'kind'>;
  retried: Counter<'kind'>;
  failed: Counter<'kind'>;
  dead: Counter<'kind'>;
  eventToSent: Histogram<'kind'>;
}

export function notificationMetrics(registry: Registry): NotificationMetrics {
  const opts = (name: string, help: string) => ({ name, help, labelNames: ['kind'] as const, registers: [registry] });
  return {
    sent: new Counter(opts('notifications_sent_total', 'Mails accepted by SendGrid or written to the sink')),
    retried: new Counter(opts('notifications_retried_total', 'Sends that failed and were scheduled again')),
    failed: new Counter(opts('notifications_failed_total', 'Sends that failed, retryable or not')),
    dead: new Counter(opts('notifications_dead_total', 'Notifications given up (permanent error or retry time exhausted)')),
    eventToSent: new Histogram({
      ...opts('notification_event_to_sent_seconds', 'From the order event to the mail accepted'),
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 3600],
    }),
  };
}
