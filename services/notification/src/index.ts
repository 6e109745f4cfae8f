import { defineService } from '@lumira/http/runtime';
import { buildNotificationApp, mailDir } from './app.js';
import { notificationConfig } from './config.js';

export const notificationService = defineService({
  name: 'notification',
  configSpec: notificationConfig,
  build: buildNotificationApp,
  banner: (config) =>
    config.SENDGRID_API_KEY
      ? ['Mail: SendGrid']
      : [`Mail: no SENDGRID_API_KEY — each mail is written to ${mailDir(config)}/*.eml (set SENDGRID_API_KEY to send)`],
});
export { buildNotificationApp, type NotificationConfig } from './app.js';
export { notificationConfig } from './config.js';
