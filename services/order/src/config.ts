import { commonConfig, env } from '@lumira/config';

export const orderConfig = {
  ...commonConfig,
  PORT: env.port({ description: 'HTTP port of the order service', default: '3002' }),
  ORDER_TOKEN_SECRET: env.optionalString({
    description: 'Key that signs order tokens (≥32 chars); unset = a random key generated once and kept in the store',
    secret: true,
    min: 32,
  }),
};
