import { commonConfig, env } from '@lumira/config';

export const notificationConfig = {
  ...commonConfig,
  PORT: env.port({ description: 'HTTP port of the notification service', default: '3004' }),
  SENDGRID_API_KEY: env.optionalString({ description: 'SendGrid API key (SG.…); unset = mails are written as .eml files under DATA_DIR/mail', secret: true }),
  SENDGRID_API_BASE: env.optionalUrl({ description: 'Base URL of a SendGrid-compatible API (the emulator in tests); unset = api.sendgrid.com' }),
  MAIL_FROM: env.string({ description: 'Sender address of every mail', default: 'no-reply@oraclelumira.com' }),
  MAIL_FROM_NAME: env.string({ description: 'Sender name of every mail', default: 'Oracle Lumira' }),
  SHOP_NAME: env.string({ description: 'Shop name, in the mails and on the API documentation (/docs)', default: 'Oracle Lumira' }),
  SUPPORT_EMAIL: env.string({ description: 'Address customers are told to write to', default: 'support@oraclelumira.com' }),
  SHOP_URL: env.optionalUrl({ description: 'Shop home page, linked from failure mails' }),
  ACCESS_URL: env.optionalUrl({
    description: "The customer space's page (Main App): linked from confirmations and ready mails; sign-in links are ACCESS_URL#token=…",
  }),
  SENDGRID_TEMPLATE_ORDER_COMPLETED: env.optionalString({
    description: 'SendGrid dynamic template id (d-…) for purchase confirmations instead of the built-in one',
  }),
  SENDGRID_TEMPLATE_ORDER_FAILED: env.optionalString({ description: 'SendGrid dynamic template id for failed payments' }),
  SENDGRID_TEMPLATE_ORDER_REFUNDED: env.optionalString({ description: 'SendGrid dynamic template id for refunds (one mail per refund)' }),
  SENDGRID_TEMPLATE_ORDER_REFUND_FAILED: env.optionalString({ description: 'SendGrid dynamic template id for a refund the bank returned' }),
  SENDGRID_TEMPLATE_READING_READY: env.optionalString({ description: 'SendGrid dynamic template id for "your reading is ready"' }),
  SENDGRID_TEMPLATE_SIGN_IN_LINK: env.optionalString({ description: 'SendGrid dynamic template id for sign-in links (receives signInUrl)' }),
  SENDGRID_TIMEOUT_MS: env.int({ description: 'Timeout of one SendGrid call', default: '10000', min: 100 }),
  NOTIFICATION_RETRY_BASE_MS: env.int({ description: 'First retry delay after a 429/5xx (then doubling, with jitter)', default: '2000', min: 1 }),
  NOTIFICATION_RETRY_MAX_MS: env.int({ description: 'Longest delay between two tries (a Retry-After may ask for more)', default: '600000', min: 1 }),
  NOTIFICATION_GIVE_UP_MS: env.int({ description: 'After this long since the first try a mail is dead-lettered', default: '86400000', min: 1 }),
  NOTIFICATION_POLL_MS: env.int({ description: 'How often the sender looks for due mails', default: '1000', min: 10 }),
  NOTIFICATION_RETENTION_DAYS: env.int({
    description:
      'Sent notifications are deleted this long after sending; longer than any redelivery (7 days on the bus, 30 for dead letters), since the record is what makes a repeat send nothing',
    default: '90',
    min: 31,
  }),
};
