import { deadLetterSubject } from '@lumira/contracts';
import type { JetStreamManager, StreamConfig } from '@nats-io/jetstream';
import { StorageType } from '@nats-io/jetstream';

const nanos = (ms: number) => ms * 1_000_000;

/** One stream per domain, named after the subject's first segment; dead letters in a stream of their own. */
export const domains = ['payment', 'order', 'user', 'fulfilment', 'crm', 'deadletter'] as const;

export function streamFor(subject: string): string {
  const domain = subject.split('.')[0] ?? '';
  if (!(domains as readonly string[]).includes(domain)) throw new Error(`no stream holds subject ${subject}`);
  return domain.toUpperCase();
}

export { deadLetterSubject };

function streamConfig(domain: string, duplicateWindowMs: number): Partial<StreamConfig> & { name: string } {
  return {
    name: domain.toUpperCase(),
    subjects: [`${domain}.>`],
    storage: StorageType.File,
    // Dedup on Nats-Msg-Id only covers this window; consumers keep their own inbox for older repeats.
    duplicate_window: nanos(duplicateWindowMs),
    max_age: domain === 'deadletter' ? nanos(30 * 24 * 3600 * 1000) : nanos(7 * 24 * 3600 * 1000),
  };
}

/** Safe to run from every replica at every start: existing streams are left as they are. */
export async function ensureStreams(jsm: JetStreamManager, duplicateWindowMs = 2 * 60 * 1000): Promise<void> {
  for (const domain of domains) {
    const config = streamConfig(domain, duplicateWindowMs);
    try {
      await jsm.streams.info(config.name);
    } catch {
      try {
        await jsm.streams.add(config);
      } catch (err) {
        // Another replica created it between our look-up and our add.
        await jsm.streams.info(config.name).catch(() => {
          throw err;
        });
      }
    }
  }
}

export function consumerName(durable: string, subject: string): string {
  return `${durable}__${subject.replaceAll('.', '_')}`;
}
