import { activeTraceCarrier, type TraceCarrier } from '@lumira/telemetry';
import type { Bus, EventContext, Subscription } from '@lumira/bus';
import type { EventData } from '@lumira/contracts';
import { insertIfAbsent, newLeaseToken, type Collection } from '@lumira/store';
import type { MailKind } from './mail/templates.js';
import type { MailSender } from './sender.js';
import { notificationKey, type NotificationDoc } from './notification.js';

/**
 * Events only create the notification record and are acknowledged at once; the sender does the slow
 * part. The unique key (event type + order id, or sign-in id) is the inbox: a redelivered event inserts nothing. The
 * record is written already claimed by this process's sender and handed to it, which saves a claim's
 * write per mail; if the process dies first, the claim runs out and any sender's scan finds it.
 */
/** The consumer span's context, kept with the mail so the sender's span (another pass, later) joins the trace. */
function traceField(): { trace?: TraceCarrier } {
  const trace = activeTraceCarrier();
  return trace ? { trace } : {};
}

export async function consumeOrderEvents(
  bus: Bus,
  notifications: Collection<NotificationDoc>,
  mailer: Pick<MailSender, 'offer' | 'leaseMs'>,
): Promise<Subscription> {
  async function record<K extends MailKind>(kind: K, data: EventData<K>, ctx: EventContext) {
    const now = new Date();
    const orderId = 'orderId' in data ? data.orderId : null;
    const doc: NotificationDoc = {
      _id: notificationKey(kind, data),
      kind,
      orderId,
      data,
      status: 'pending',
      attempts: 1,
      lastError: null,
      eventOccurredAt: new Date(ctx.occurredAt),
      createdAt: now,
      firstAttemptAt: null,
      dueAt: now.getTime(),
      lockedUntil: now.getTime() + mailer.leaseMs,
      leaseToken: newLeaseToken(),
      sentAt: null,
      providerMessageId: null,
      ...traceField(),
    };
    if (!(await insertIfAbsent(notifications, doc))) return;
    ctx.log.debug({ notificationId: doc._id, orderId }, 'notification queued');
    mailer.offer(doc);
  }
  return await bus.subscribe({
    durable: 'notification',
    handlers: {
      'order.completed': async (data, ctx) => await record('order.completed', data, ctx),
      'order.failed': async (data, ctx) => await record('order.failed', data, ctx),
      'order.refunded': async (data, ctx) => await record('order.refunded', data, ctx),
      'fulfilment.reading.delivered': async (data, ctx) => await record('fulfilment.reading.delivered', data, ctx),
      'fulfilment.sign-in.requested': async (data, ctx) => await record('fulfilment.sign-in.requested', data, ctx),
      'order.refund_failed': async (data, ctx) => await record('order.refund_failed', data, ctx),
    },
  });
}
