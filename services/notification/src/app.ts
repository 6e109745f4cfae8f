import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigOf } from '@lumira/config';
import { createServiceApp, type ServiceApp } from '@lumira/http';
import type { ServiceDeps } from '@lumira/http/runtime';
import { createDueIndex, releaseAbandonedClaims } from '@lumira/store';
import type { Sender } from './compose-message.js';
import type { notificationConfig } from './config.js';
import { consumeOrderEvents } from './intake.js';
import { createMailSink, removeUnfinished } from './mail/mail-sink.js';
import { notificationMetrics } from './metrics.js';
import type { NotificationDoc } from './notification.js';
import { adminNotificationRoutes } from './routes/admin-notifications.js';
import { createMailSender } from './sender.js';

export type NotificationConfig = ConfigOf<typeof notificationConfig>;

export const mailDir = (config: NotificationConfig) => path.resolve(config.DATA_DIR, 'mail');

export async function buildNotificationApp({ config, logger, bus, store }: ServiceDeps<NotificationConfig>): Promise<ServiceApp> {
  const notifications = store.collection<NotificationDoc>('notifications');
  await Promise.all([
    createDueIndex(notifications),
    notifications.createIndex('orderId'),
    // The admin list filters on status, newest first.
    notifications.createIndex({ status: 1, createdAt: -1 }),
    notifications.createIndex('sentAt', { expireAfterSeconds: config.NOTIFICATION_RETENTION_DAYS * 86_400 }),
  ]);
  if (store.kind === 'embedded') {
    const released = await releaseAbandonedClaims(notifications);
    if (released > 0) logger.info({ released }, 'mails claimed by a stopped process are due again');
  }
  // The SendGrid SDK (and the HTTP client under it) is loaded only when mail goes through SendGrid.
  const transport = config.SENDGRID_API_KEY
    ? (await import('./mail/sendgrid-transport.js')).createSendgridTransport({
        apiKey: config.SENDGRID_API_KEY,
        timeoutMs: config.SENDGRID_TIMEOUT_MS,
        ...(config.SENDGRID_API_BASE ? { baseUrl: config.SENDGRID_API_BASE } : {}),
      })
    : createMailSink({ dir: mailDir(config) });
  const sender: Sender = {
    from: { email: config.MAIL_FROM, name: config.MAIL_FROM_NAME },
    shop: {
      name: config.SHOP_NAME,
      supportEmail: config.SUPPORT_EMAIL,
      ...(config.ACCESS_URL ? { accessUrl: config.ACCESS_URL } : {}),
      ...(config.SHOP_URL ? { shopUrl: config.SHOP_URL } : {}),
    },
    templates: {
      ...(config.SENDGRID_TEMPLATE_ORDER_COMPLETED ? { 'order.completed': config.SENDGRID_TEMPLATE_ORDER_COMPLETED } : {}),
      ...(config.SENDGRID_TEMPLATE_ORDER_FAILED ? { 'order.failed': config.SENDGRID_TEMPLATE_ORDER_FAILED } : {}),
      ...(config.SENDGRID_TEMPLATE_ORDER_REFUNDED ? { 'order.refunded': config.SENDGRID_TEMPLATE_ORDER_REFUNDED } : {}),
      ...(config.SENDGRID_TEMPLATE_READING_READY ? { 'fulfilment.reading.delivered': config.SENDGRID_TEMPLATE_READING_READY } : {}),
      ...(config.SENDGRID_TEMPLATE_SIGN_IN_LINK ? { 'fulfilment.sign-in.requested': config.SENDGRID_TEMPLATE_SIGN_IN_LINK } : {}),
      ...(config.SENDGRID_TEMPLATE_ORDER_REFUND_FAILED ? { 'order.refund_failed': config.SENDGRID_TEMPLATE_ORDER_REFUND_FAILED } : {}),
    },
  };

  const app = await createServiceApp({ service: 'notification', logger });
  const metrics = notificationMetrics(app.metrics);
  const mailer = createMailSender(
    notifications,
    transport,
    sender,
    {
      baseMs: config.NOTIFICATION_RETRY_BASE_MS,
      maxMs: config.NOTIFICATION_RETRY_MAX_MS,
      giveUpMs: config.NOTIFICATION_GIVE_UP_MS,
      pollMs: config.NOTIFICATION_POLL_MS,
    },
    metrics,
    logger.child({ component: 'mail-sender' }),
  );
  app.readiness.add('mail', async () => {
    if (config.SENDGRID_API_KEY) return { status: 'up', detail: `sendgrid${config.SENDGRID_API_BASE ? ` at ${config.SENDGRID_API_BASE}` : ''}` };
    await mkdir(mailDir(config), { recursive: true });
    return { status: 'up', detail: `local sink ${mailDir(config)}` };
  });
  await app.register(adminNotificationRoutes, { notifications, adminApiKey: config.ADMIN_API_KEY, wake: mailer.wake });

  const subscription = await consumeOrderEvents(bus, notifications, mailer);
  app.background.add('mail-sender', mailer);
  if (!config.SENDGRID_API_KEY) {
    const removed = await removeUnfinished(mailDir(config));
    if (removed > 0) logger.info({ removed }, 'removed half-written mails left by a stopped process');
  }
  app.addHook('onClose', async () => {
    await subscription.stop();
  });
  return app;
}
