import { crmSyncService } from '@lumira/crm-sync';
import { fulfilmentService } from '@lumira/fulfilment';
import type { ServiceDefinition } from '@lumira/http/runtime';
import { notificationService } from '@lumira/notification';
import { orderService } from '@lumira/order';
import { paymentService } from '@lumira/payment';
import { userService } from '@lumira/user';

/** The six services in start order, each with its port offset from the gateway's PORT. */
export const services: { definition: ServiceDefinition; offset: number; upstreamVar: string }[] = [
  { definition: userService as unknown as ServiceDefinition, offset: 3, upstreamVar: 'USER_URL' },
  { definition: orderService as unknown as ServiceDefinition, offset: 2, upstreamVar: 'ORDER_URL' },
  { definition: paymentService as unknown as ServiceDefinition, offset: 1, upstreamVar: 'PAYMENT_URL' },
  { definition: notificationService as unknown as ServiceDefinition, offset: 4, upstreamVar: 'NOTIFICATION_URL' },
  { definition: crmSyncService as unknown as ServiceDefinition, offset: 5, upstreamVar: 'CRM_SYNC_URL' },
  { definition: fulfilmentService as unknown as ServiceDefinition, offset: 6, upstreamVar: 'FULFILMENT_URL' },
];
