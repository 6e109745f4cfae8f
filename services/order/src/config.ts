import { commonConfig, env } from '@lumira/config';

export const orderConfig = {
  ...commonConfig,
  PORT: env.port({ description: 'HTTP port of the order service', default: '3002' }),
  ORDER_TOKEN_SECRET: env.optionalString({
    description: 'Key that signs order tokens (≥32 chars); unset = a random key generated once and kept in the store',
    secret: true,
    min: 32,
  }),
  PAYMENT_SWEEP_AFTER_SECONDS: env.int({
    description:
      'An order still waiting for its payment this long after checkout is read back from Stripe (then again with doubling delays), in case its webhook never comes; 0 = no sweep',
    default: '300',
    min: 0,
    max: 86400,
  }),
  PAYMENT_SWEEP_PER_SECOND: env.int({
    description: 'At most this many Stripe reads a second by the sweep, whatever its backlog',
    default: '5',
    min: 1,
    max: 100,
  }),
  PAYMENT_SWEEP_GIVE_UP_HOURS: env.int({
    description: 'An order unpaid this long after checkout is no longer read back by the sweep',
    default: '72',
    min: 1,
    max: 2160,
  }),
};
