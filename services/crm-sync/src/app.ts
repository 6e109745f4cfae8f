import type { ConfigOf } from '@lumira/config';
import { createServiceApp, type ServiceApp } from '@lumira/http';
import type { ServiceDeps } from '@lumira/http/runtime';
import type { crmSyncConfig } from './config.js';

export type CrmSyncConfig = ConfigOf<typeof crmSyncConfig>;

export async function buildCrmSyncApp({ logger }: ServiceDeps<CrmSyncConfig>): Promise<ServiceApp> {
  return await createServiceApp({ service: 'crm-sync', logger });
}
