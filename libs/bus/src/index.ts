import { consumerGroups } from '@lumira/contracts';
import type { Store } from '@lumira/store';
import type { Logger } from 'pino';
import type { Bus } from './bus.js';
import { MemoryBus } from './memory.js';

export {
  defaultConcurrency,
  defaultRetryPolicy,
  type Bus,
  type BusHealth,
  type DeadLetterBox,
  type DeadLetterPage,
  type DeadLetterRecord,
  type EventContext,
  type EventHandler,
  type EventHandlers,
  type NewDeadLetter,
  type RequestOptions,
  type RetryPolicy,
  type RpcContext,
  type RpcHandler,
  type SubscribeOptions,
  type Subscription,
} from './bus.js';
export type { BusMetrics } from './bus-metrics.js';
export { createEvent } from './codec.js';
export { ownerOf, replayDeadLetter, replaySubjectFor, serveDeadLetterReplay, type ReplaySubject } from './dead-letter-replay.js';
export { deadLetterView } from './dead-letter-view.js';
export { RpcError, RpcTimeoutError, BusClosedError, InvalidEventError, InvalidCursorError } from './errors.js';
export { UndeclaredGroupError } from './groups.js';
export { MemoryBus, type MemoryBusOptions } from './memory.js';
export {
  busServices,
  domainPublishers,
  groupOwners,
  inboxPrefixOf,
  natsAuthorization,
  natsPermissions,
  rpcCallers,
  unownedEventTypes,
  type BusService,
  type NatsPermissions,
} from './nats-permissions.js';
export { withOutbox, createOutboxRelay, createOutboxIndex, type OutboxFields, type OutboxRelay } from './outbox.js';

export interface BusSettings {
  natsUrl?: string | undefined;
  name: string;
  log: Logger;
  /** The in-process bus keeps its log, positions and dead letters here (a namespace of its own). */
  store: Store;
  ackWaitMs?: number;
  /** NATS credentials and TLS (libs/bus/src/nats-permissions.ts says what each service's user may do). */
  natsUser?: string | undefined;
  natsPassword?: string | undefined;
  natsTlsCaFile?: string | undefined;
}

/**
 * NATS_URL switches to JetStream; otherwise the in-process bus, which only spans one process. Either way
 * every consumer group of libs/contracts is provisioned before this returns.
 */
export async function connectBus(settings: BusSettings): Promise<Bus> {
  const common = { log: settings.log, groups: consumerGroups, ...(settings.ackWaitMs ? { ackWaitMs: settings.ackWaitMs } : {}) };
  if (settings.natsUrl) {
    const { NatsBus } = await import('./nats.js');
    return await NatsBus.connect({
      url: settings.natsUrl,
      name: settings.name,
      user: settings.natsUser,
      password: settings.natsPassword,
      tlsCaFile: settings.natsTlsCaFile,
      ...common,
    });
  }
  return await MemoryBus.open({ store: settings.store, ...common });
}
