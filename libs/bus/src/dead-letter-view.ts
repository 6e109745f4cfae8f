import type { DeadLetterView } from '@lumira/contracts/ops';
import type { DeadLetterRecord } from './bus.js';

/** A dead letter as the admin API shows it, and as a replay's answer carries it across the bus. */
export function deadLetterView(letter: DeadLetterRecord): DeadLetterView {
  return {
    id: letter.id,
    subject: letter.subject,
    durable: letter.durable,
    deliveries: letter.deliveries,
    reason: letter.reason,
    deadAt: letter.deadAt.toISOString(),
    eventId: letter.envelope?.id ?? null,
    replayable: letter.envelope !== null,
    payload: letter.payload,
  };
}
