import type { TraceCarrier } from '@lumira/telemetry';
import type { DueFields } from '@lumira/store';
import type { EventData } from '@lumira/contracts';
import type { NotificationView } from '@lumira/contracts/notifications';
import type { MailKind } from './mail/templates.js';

export interface NotificationDoc extends DueFields {
  /** `<event type>:<order id>` (`:<refund id>` for refunds, one mail each; the sign-in id for sign-in links): the unique key that makes a redelivered event a no-op. */
  _id: string;
  kind: MailKind;
  orderId: string | null;
  data: EventData<MailKind>;
  status: 'pending' | 'sent' | 'failed' | 'dead';
  lastError: string | null;
  eventOccurredAt: Date;
  createdAt: Date;
  firstAttemptAt: Date | null;
  sentAt: Date | null;
  providerMessageId: string | null;
  /** The trace of the event that asked for the mail (tracing on only): its sending joins that trace. */
  trace?: TraceCarrier;
}

export function notificationKey(kind: MailKind, data: EventData<MailKind>): string {
  if ('refundId' in data && data.refundId) return `${kind}:${data.orderId}:${data.refundId}`;
  if ('orderId' in data) return `${kind}:${data.orderId}`;
  return `${kind}:${data.signInId}`;
}

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
