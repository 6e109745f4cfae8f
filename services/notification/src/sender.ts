import { contextFromCarrier, inSpan, tracingEnabled } from '@lumira/telemetry';
import { claimDue, createDueWorker, findDueIds, nextRetryDelayMs, renewClaim, settleClaim, shouldGiveUp, type Collection, type DueWorker } from '@lumira/store';
import type { Logger } from 'pino';
import { composeMessage, type Sender } from './compose-message.js';
import type { MailTransport } from './mail/mail-message.js';
import { MailSendError } from './mail/mail-send-error.js';

import type { NotificationMetrics } from './metrics.js';
import type { NotificationDoc } from './notification.js';

export interface RetrySettings {
  baseMs: number;
  maxMs: number;
  giveUpMs: number;
  pollMs: number;
  /** How long a claim holds; a sender that dies mid-send releases its mail after this. */
  leaseMs?: number;
  concurrency?: number;
}

export interface MailSender extends DueWorker<NotificationDoc> {
  /** How long a claim on a notification holds. */
  leaseMs: number;
}

/**
 * Sends due notifications from the store, so a restart mid-backoff loses nothing: the schedule is data.
 * A claim is one atomic update (due, not leased → leased), so two replicas never send the same mail.
 *
 * The one window left: a crash after the provider accepted a mail and before `sent` is recorded. The
 * lease then expires and the mail goes again. We err towards a duplicate rather than silence: a customer
 * who paid must hear from the shop, and SendGrid has no idempotency key that would let us ask.
 */
export function createMailSender(
  notifications: Collection<NotificationDoc>,
  transport: MailTransport,
  sender: Sender,
  settings: RetrySettings,
  metrics: NotificationMetrics,
  log: Logger,
): MailSender {
  const leaseMs = settings.leaseMs ?? 60_000;

  /** Under the claim only: a sender whose claim ran out while SendGrid was slow must not overwrite the next one's result. */
  async function settle(n: NotificationDoc, set: Partial<NotificationDoc>, due: number | null): Promise<boolean> {
    const update: Record<string, unknown> = { $set: { ...set, firstAttemptAt: n.firstAttemptAt ?? new Date() } };
    if (due) (update.$set as Record<string, unknown>).dueAt = due;
    else update.$unset = { dueAt: '' };
    const held = await settleClaim(notifications, n, update);
    if (!held) log.warn({ notificationId: n._id, orderId: n.orderId, attempt: n.attempts }, 'mail claim lost before its result was recorded: result dropped');
    return held;
  }

  /** With tracing on, each attempt is a span of the trace that asked for the mail. */
  async function sendOne(n: NotificationDoc): Promise<void> {
    if (!tracingEnabled() || !n.trace) return await attempt(n);
    const attributes = {
      'lumira.notification_id': n._id,
      'lumira.mail_kind': n.kind,
      'lumira.attempt': n.attempts,
      ...(n.orderId ? { 'lumira.order_id': n.orderId } : {}),
    };
    await inSpan('notification', 'send mail', { parent: contextFromCarrier(n.trace as Record<string, unknown>), attributes }, async () => await attempt(n));
  }

  async function attempt(n: NotificationDoc): Promise<void> {
    const ids = { notificationId: n._id, orderId: n.orderId, attempt: n.attempts };
    const firstAttemptAt = n.firstAttemptAt ?? new Date();
    try {
      const result = await transport.send(composeMessage(n, sender));
      await settle(n, { status: 'sent', sentAt: new Date(), providerMessageId: result.providerMessageId, lastError: null }, null);
      metrics.sent.inc({ kind: n.kind });
      metrics.eventToSent.observe({ kind: n.kind }, (Date.now() - n.eventOccurredAt.getTime()) / 1000);
      log.info(ids, 'mail sent');
    } catch (err) {
      const error = err instanceof MailSendError ? err : new MailSendError('retryable', (err as Error).message);
      metrics.failed.inc({ kind: n.kind });
      const giveUp = error.kind === 'permanent' || shouldGiveUp({ firstAttemptAt, now: new Date(), maxTotalMs: settings.giveUpMs });
      if (giveUp) {
        await settle(n, { status: 'dead', lastError: error.message }, null);
        metrics.dead.inc({ kind: n.kind });
        log.error({ ...ids, status: error.status, reason: error.message }, 'mail dead-lettered');
        return;
      }
      const delay = nextRetryDelayMs({
        attempt: n.attempts,
        baseMs: settings.baseMs,
        maxMs: settings.maxMs,
        ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      });
      await settle(n, { status: 'failed', lastError: error.message, firstAttemptAt }, Date.now() + delay);
      metrics.retried.inc({ kind: n.kind });
      log.warn({ ...ids, status: error.status, retryInMs: delay, reason: error.message }, 'mail failed: will retry');
    }
  }

  const worker = createDueWorker<NotificationDoc>({
    claim: (id) => claimDue(notifications, leaseMs, id),
    renew: (n) => renewClaim(notifications, n, leaseMs),
    leaseMs,
    findDue: (limit) => findDueIds(notifications, limit),
    handle: sendOne,
    pollMs: settings.pollMs,
    concurrency: settings.concurrency ?? 4,
    onPassError: (err) => log.error({ err }, 'mail sender pass failed'),
  });
  return { ...worker, leaseMs };
}
