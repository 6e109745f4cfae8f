import { defineService } from '@lumira/http/runtime';
import { buildCrmSyncApp } from './app.js';
import { crmSyncConfig } from './config.js';

export const crmSyncService = defineService({
  name: 'crm-sync',
  configSpec: crmSyncConfig,
  build: buildCrmSyncApp,
  banner: (config) =>
    config.DOLIBARR_URL
      ? [`Dolibarr: ${config.DOLIBARR_URL} (customers and paid orders pushed, changes pulled every ${config.DOLIBARR_POLL_SECONDS} s)`]
      : ['Dolibarr: DOLIBARR_URL not set — crm-sync is idle (set DOLIBARR_URL and DOLIBARR_API_KEY to sync)'],
});
export { buildCrmSyncApp, type CrmSyncConfig } from './app.js';
export { crmSyncConfig } from './config.js';
