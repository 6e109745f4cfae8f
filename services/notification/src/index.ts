import { defineService } from '@lumira/http/runtime';
import { buildNotificationApp } from './app.js';
import { notificationConfig } from './config.js';

export const notificationService = defineService({ name: 'notification', configSpec: notificationConfig, build: buildNotificationApp });
export { buildNotificationApp, type NotificationConfig } from './app.js';
export { notificationConfig } from './config.js';
