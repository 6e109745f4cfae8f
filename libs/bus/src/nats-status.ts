import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { BusMetrics } from './bus-metrics.js';

/**
 * Logs and counts what the connection goes through: an operator must see NATS going away and coming back
 * (and slow consumers) without reading the client's internals. Pings and cluster updates stay quiet.
 */
export function watchConnection(nc: NatsConnection, log: Logger, metrics: BusMetrics): Promise<void> {
  metrics.connectionUp.set(1);
  return (async () => {
    for await (const s of nc.status()) {
      switch (s.type) {
        case 'disconnect':
          metrics.connectionUp.set(0);
          log.warn({ server: s.server }, 'NATS disconnected: reconnecting');
          break;
        case 'reconnect':
          metrics.connectionUp.set(1);
          log.info({ server: s.server }, 'NATS reconnected');
          break;
        case 'slowConsumer':
          log.warn({ subject: s.sub.getSubject(), pending: s.pending }, 'NATS slow consumer: messages are piling up');
          break;
        case 'error':
          log.warn({ err: s.error }, 'NATS reported an error');
          break;
        case 'staleConnection':
          log.warn('NATS connection went stale: reconnecting');
          break;
        case 'close':
          metrics.connectionUp.set(0);
          break;
        default:
          continue;
      }
      metrics.connectionEvents.inc({ event: s.type });
    }
  })().catch((err: unknown) => log.warn({ err }, 'NATS status watch ended'));
}
