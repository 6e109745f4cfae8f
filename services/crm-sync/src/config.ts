import { commonConfig, env } from '@lumira/config';

export const crmSyncConfig = {
  ...commonConfig,
  PORT: env.port({ description: 'HTTP port of the crm-sync service', default: '3005' }),
};
