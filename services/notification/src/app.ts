import type { ConfigOf } from '@lumira/config';
import { createServiceApp, type ServiceApp } from '@lumira/http';
import type { ServiceDeps } from '@lumira/http/runtime';
import type { notificationConfig } from './config.js';

export type NotificationConfig = ConfigOf<typeof notificationConfig>;

export async function buildNotificationApp({ logger }: ServiceDeps<NotificationConfig>): Promise<ServiceApp> {
  return await createServiceApp({ service: 'notification', logger });
}
