import { isDuplicateKeyError, type Collection } from '@lumira/store';
import type { EventContext } from './bus.js';

export interface HandledEvent {
  _id: string;
  handledAt: Date;
}

/**
 * JetStream's dedup window is minutes; an inbox remembers handled event ids for good, for effects that
 * must not repeat. The record is written after the effect: a crash in between repeats the effect once,
 * so effects behind an inbox are still written to be idempotent where they can be.
 */
export interface Inbox {
  once(durable: string, ctx: Pick<EventContext, 'id'>, effect: () => Promise<void>): Promise<boolean>;
}

export function createInbox(collection: Collection<HandledEvent>): Inbox {
  return {
    async once(durable, ctx, effect) {
      const key = `${durable}:${ctx.id}`;
      if (await collection.findOne({ _id: key })) return false;
      await effect();
      await collection.insertOne({ _id: key, handledAt: new Date() }).catch((err: unknown) => {
        if (!isDuplicateKeyError(err)) throw err;
      });
      return true;
    },
  };
}
