import { deadLetterSubject } from '@lumira/contracts';
import type { ConsumerConfig, JetStreamManager, StreamConfig } from '@nats-io/jetstream';
import { AckPolicy, DeliverPolicy, StorageType } from '@nats-io/jetstream';
import { consumerName } from './consumer-name.js';
import { domains, streamFor } from './nats-streams.js';

const nanos = (ms: number) => ms * 1_000_000;

export { deadLetterSubject, domains, streamFor };

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

export { consumerName } from './consumer-name.js';

/** JetStream's "not found" for a stream or consumer look-up (error code 10014 / 10059). */
function isNotFound(err: unknown): boolean {
  const code = (err as { api_error?: { err_code?: number } } | null)?.api_error?.err_code;
  return code === 10014 || code === 10059 || /not found/i.test((err as Error | null)?.message ?? '');
}

/**
 * Creates the durable consumer of a group for one subject, or brings an existing one's mutable settings in
 * line. A new consumer delivers everything its stream still holds (DeliverPolicy.All): a service deployed
 * after its producers, or one that crash-looped meanwhile, still sees what they published. Provisioned
 * at connect for every declared group, so nothing depends on which service starts first.
 */
export async function ensureConsumer(jsm: JetStreamManager, durable: string, subject: string, ackWaitMs: number): Promise<void> {
  const stream = streamFor(subject);
  const name = consumerName(durable, subject);
  const config: Partial<ConsumerConfig> & { durable_name: string } = {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: subject,
    // Unlimited here: the bus counts deliveries itself and dead-letters (then terminates) at the group's
    // limit, so a message never stays unacknowledged because JetStream stopped offering it.
    max_deliver: -1,
    ack_wait: nanos(ackWaitMs),
    max_ack_pending: 1000,
  };
  let exists = true;
  try {
    const info = await jsm.consumers.info(stream, name);
    if (info.config.ack_wait === config.ack_wait && info.config.max_deliver === config.max_deliver) return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    exists = false;
  }
  if (exists) {
    // deliver_policy cannot change on an existing consumer (nor needs to: it already has a position).
    await jsm.consumers.update(stream, name, { ack_wait: config.ack_wait, max_deliver: config.max_deliver, max_ack_pending: config.max_ack_pending });
    return;
  }
  try {
    await jsm.consumers.add(stream, config);
  } catch (err) {
    // Another replica created it between our look-up and our add: theirs has the same settings.
    await jsm.consumers.info(stream, name).catch(() => {
      throw err;
    });
  }
}
