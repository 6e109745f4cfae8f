import { commonConfig, env } from '@lumira/config';

export const userConfig = {
  ...commonConfig,
  PORT: env.port({ description: 'HTTP port of the user service', default: '3003' }),
};
