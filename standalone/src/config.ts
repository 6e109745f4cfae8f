import { env } from '@lumira/config';

/** Only what the single-process mode adds; everything else is read by the services and the gateway themselves. */
export const standaloneConfig = {
  GATEWAY_THREAD: env.bool({
    description: 'Run the gateway on a thread of its own: more throughput on two cores or more, about 25 MB more resident memory',
    default: 'false',
  }),
  STRIPE_EMULATOR_PORT: env.port({ description: 'Port of the in-process Stripe emulator (single-process mode without STRIPE_SECRET_KEY)', default: '12111' }),
  STRIPE_SECRET_KEY: env.optionalString({ description: 'Stripe secret key; when set the emulator is never started', secret: true }),
  STRIPE_WEBHOOK_SECRET: env.string({
    description: 'Webhook signing secret shared with the emulator in local mode',
    secret: true,
    default: 'whsec_local_lumira_emulator_secret',
  }),
};
