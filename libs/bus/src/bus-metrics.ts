import { Counter, Gauge, Registry } from 'prom-client';

/**
 * What the bus and the outboxes export, in the bus's own registry (every service's /metrics adds it).
 * Label values are group names, subjects and collections: a fixed, small set.
 */
export interface BusMetrics {
  registry: Registry;
  published: Counter<'subject'>;
  publishFailures: Counter<'subject'>;
  deliveries: Counter<'durable' | 'subject' | 'outcome'>;
  redeliveries: Counter<'durable' | 'subject' | 'reason'>;
  deadLetters: Counter<'durable' | 'subject'>;
  deadLetterFailures: Counter<'durable'>;
  pending: Gauge<'durable'>;
  connectionUp: Gauge;
  connectionEvents: Counter<'event'>;
  outboxPending: Gauge<'collection'>;
  outboxOldestAge: Gauge<'collection'>;
  outboxFailures: Counter<'collection'>;
  outboxDeadLettered: Counter<'collection'>;
}

export function createBusMetrics(): BusMetrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    published: new Counter({ name: 'bus_published_total', help: 'Messages durably accepted by the bus', labelNames: ['subject'], registers }),
    publishFailures: new Counter({ name: 'bus_publish_failures_total', help: 'Publishes the bus did not accept', labelNames: ['subject'], registers }),
    deliveries: new Counter({
      name: 'bus_deliveries_total',
      help: 'Handler runs by outcome (ack, nak, dead)',
      labelNames: ['durable', 'subject', 'outcome'],
      registers,
    }),
    redeliveries: new Counter({
      name: 'bus_redeliveries_total',
      help: 'Messages delivered again (after a nak or an ack wait)',
      labelNames: ['durable', 'subject', 'reason'],
      registers,
    }),
    deadLetters: new Counter({ name: 'bus_dead_letters_total', help: 'Messages dead-lettered', labelNames: ['durable', 'subject'], registers }),
    deadLetterFailures: new Counter({
      name: 'bus_dead_letter_failures_total',
      help: 'Dead letters that could not be stored (the message is retried)',
      labelNames: ['durable'],
      registers,
    }),
    pending: new Gauge({ name: 'bus_pending_messages', help: 'Messages a group has not acknowledged yet (consumer lag)', labelNames: ['durable'], registers }),
    connectionUp: new Gauge({ name: 'bus_connection_up', help: '1 while the bus is connected', registers }),
    connectionEvents: new Counter({
      name: 'bus_connection_events_total',
      help: 'Disconnects, reconnects, slow-consumer and error notices',
      labelNames: ['event'],
      registers,
    }),
    outboxPending: new Gauge({
      name: 'outbox_pending_documents',
      help: 'Documents with outbox entries not yet published, at the last sweep',
      labelNames: ['collection'],
      registers,
    }),
    outboxOldestAge: new Gauge({
      name: 'outbox_oldest_entry_age_seconds',
      help: 'Age of the oldest unpublished outbox entry, at the last sweep',
      labelNames: ['collection'],
      registers,
    }),
    outboxFailures: new Counter({
      name: 'outbox_publish_failures_total',
      help: 'Outbox entries whose publish failed (left for the next sweep)',
      labelNames: ['collection'],
      registers,
    }),
    outboxDeadLettered: new Counter({
      name: 'outbox_dead_lettered_total',
      help: 'Outbox entries that can never be published, moved to the dead letters',
      labelNames: ['collection'],
      registers,
    }),
  };
}
