import { defineService } from '@lumira/http/runtime';
import { buildCrmSyncApp } from './app.js';
import { crmSyncConfig } from './config.js';

export const crmSyncService = defineService({ name: 'crm-sync', configSpec: crmSyncConfig, build: buildCrmSyncApp });
export { buildCrmSyncApp, type CrmSyncConfig } from './app.js';
export { crmSyncConfig } from './config.js';
