import type { EventData } from '@lumira/contracts';

/**
 * `order.refunded` as it is now, or as it will be once refunds carry their own amount: `full` and
 * `totalRefunded` when the event has them, and until then the refunded amount against the price.
 */
type RefundEvent = EventData<'order.refunded'> & { full?: boolean; totalRefunded?: number };

/** Only a full refund ends the customer's right to the reading; a partial one is a gesture, not a return. */
export function isFullRefund(event: RefundEvent): boolean {
  if (typeof event.full === 'boolean') return event.full;
  return (event.totalRefunded ?? event.amountRefunded) >= event.amount;
}
