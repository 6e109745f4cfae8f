import { commonConfig, env } from '@lumira/config';

export const notificationConfig = {
  ...commonConfig,
  PORT: env.port({ description: 'HTTP port of the notification service', default: '3004' }),
};
