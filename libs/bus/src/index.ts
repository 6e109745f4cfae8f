import type { Logger } from 'pino';
import type { Bus } from './bus.js';
import { MemoryBus } from './memory.js';

export {
  defaultRetryPolicy,
  type Bus,
  type BusHealth,
  type EventContext,
  type EventHandler,
  type EventHandlers,
  type RequestOptions,
  type RetryPolicy,
  type RpcContext,
  type RpcHandler,
  type SubscribeOptions,
  type Subscription,
} from './bus.js';
export { createEvent } from './codec.js';
export { RpcError, RpcTimeoutError, BusClosedError, InvalidEventError } from './errors.js';
export { MemoryBus, type DeadLetterRecord } from './memory.js';
export { withOutbox, createOutboxRelay, createOutboxIndex, type OutboxFields, type OutboxRelay } from './outbox.js';
export { createInbox, type Inbox, type HandledEvent } from './inbox.js';

export interface BusSettings {
  natsUrl?: string | undefined;
  name: string;
  log: Logger;
}

/** NATS_URL switches to JetStream; otherwise the in-process bus, which only spans one process. */
export async function connectBus(settings: BusSettings): Promise<Bus> {
  if (settings.natsUrl) {
    const { NatsBus } = await import('./nats.js');
    return await NatsBus.connect({ url: settings.natsUrl, name: settings.name, log: settings.log });
  }
  return new MemoryBus(settings.log);
}
