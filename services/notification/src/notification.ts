import type { EventData } from '@lumira/contracts';
import type { NotificationView } from '@lumira/contracts/notifications';
import type { MailKind } from './mail/templates.js';

export interface NotificationDoc {
  /** `<event type>:<orderId>`: the unique key that makes a redelivered event a no-op. */
  _id: string;
  kind: MailKind;
  orderId: string;
  data: EventData<MailKind>;
  status: 'pending' | 'sent' | 'failed' | 'dead';
  attempts: number;
  lastError: string | null;
  eventOccurredAt: Date;
  createdAt: Date;
  firstAttemptAt: Date | null;
  /**
   * Epoch ms, present only while a send is due: the sender's work list under a sparse index (a number,
   * because the embedded store leaves Dates out of sparse indexes).
   */
  dueAt?: number;
  /** Epoch ms of a claim's end: no other sender touches the notification before then. */
  lockedUntil: number;
  sentAt: Date | null;
  providerMessageId: string | null;
}

export const notificationKey = (kind: MailKind, orderId: string) => `${kind}:${orderId}`;

const iso = (d: Date | number | null | undefined) => (d === null || d === undefined ? null : new Date(d).toISOString());

export function toView(n: NotificationDoc): NotificationView {
  return {
    id: n._id,
    kind: n.kind,
    orderId: n.orderId,
    status: n.status,
    attempts: n.attempts,
    lastError: n.lastError,
    createdAt: n.createdAt.toISOString(),
    nextAttemptAt: iso(n.dueAt),
    sentAt: iso(n.sentAt),
    providerMessageId: n.providerMessageId,
  };
}
