import type { Envelope } from '@lumira/contracts';
import { withOutbox, type OutboxRelay } from '@lumira/bus';
import type { Collection } from '@lumira/store';
import type { Logger } from 'pino';
import { statusesAccepting, targetOf, type OrderEvent } from './order-state.js';
import type { OrderDoc } from './order.js';

export type Transition = (current: OrderDoc, event: OrderEvent, set: Partial<OrderDoc>, envelopes: (o: OrderDoc) => Envelope[]) => Promise<OrderDoc | null>;

/**
 * One step of the payment's state machine, with its events, in one conditional update. `current` only
 * describes the order in its events; the filter on its status decides. The revision moves on, so a ledger
 * change computed on the order before this step does not apply over it.
 */
export function orderTransition(orders: Collection<OrderDoc>, relay: OutboxRelay, log?: Logger): Transition {
  return async (current, event, set, envelopes) => {
    const next = { ...current, ...set, status: targetOf(event) } as OrderDoc;
    const updated = await orders.findOneAndUpdate(
      { _id: current._id, status: { $in: statusesAccepting(event) } },
      withOutbox({ $set: { ...set, status: targetOf(event), updatedAt: new Date() }, $inc: { revision: 1 } }, envelopes(next)),
    );
    relay.flushInBackground(updated);
    // One line per state change, with the ids an operator searches by (never the customer's address).
    if (updated)
      log?.info({ orderId: updated._id, paymentIntentId: updated.paymentIntentId, from: current.status, to: updated.status, event }, 'order state changed');
    return updated;
  };
}
