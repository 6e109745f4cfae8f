import { commonConfig, env, type VarSpec } from '@lumira/config';
import { z } from 'zod';

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** An IANA zone name, checked against the runtime's zone database at start. */
const timeZone: VarSpec<string | undefined> = {
  schema: z.string().refine(isTimeZone, 'unknown time zone').optional(),
  expected: 'an IANA time zone name (e.g. Europe/Paris), or unset',
  description: "Time zone of Dolibarr's PHP and database, for pull cursors and edit times; unset = learned from the server",
  secret: false,
  optional: true,
};

export const crmSyncConfig = {
  ...commonConfig,
  PORT: env.port({ description: 'HTTP port of the crm-sync service', default: '3005' }),
  DOLIBARR_URL: env.optionalUrl({ description: 'Dolibarr instance root (the API is below /api/index.php); unset = crm-sync runs idle' }),
  DOLIBARR_API_KEY: env.optionalString({
    description: 'API key of the Dolibarr user crm-sync acts as (sent as DOLAPIKEY); required with DOLIBARR_URL',
    secret: true,
  }),
  DOLIBARR_TIMEOUT_MS: env.int({ description: 'Bound of one whole Dolibarr call: connection, headers and body', default: '10000', min: 100 }),
  DOLIBARR_TIMEZONE: timeZone,
  DOLIBARR_SETTLE_MS: env.int({
    description:
      "After a create that got no answer, how long Dolibarr may still commit it: no second create is sent before (keep it above the database's lock wait timeout, 50 s on MariaDB)",
    default: '90000',
    min: 0,
  }),
  DOLIBARR_VAT_RATE: env.number({
    description: 'VAT rate in percent used to split prices (tax included) into net + tax on invoices',
    default: '20',
    min: 0,
    max: 99,
  }),
  DOLIBARR_INVOICE_FREE_ORDERS: env.bool({
    description: 'Also invoice free orders (at 0, flagged paid); by default a free order only records the customer',
    default: 'false',
  }),
  DOLIBARR_PAYMENT_MODE_ID: env.int({
    description: "Id of the payment mode recorded on paid invoices and refunds (Dolibarr's dictionary: 6 = CB, card)",
    default: '6',
    min: 1,
  }),
  DOLIBARR_BANK_ACCOUNT_ID: env.int({
    description: 'Id of the Dolibarr bank account Stripe payouts land on and refunds leave (required by the payments endpoint)',
    default: '1',
    min: 1,
  }),
  DOLIBARR_POLL_SECONDS: env.int({ description: 'How often thirdparties changed in Dolibarr are pulled back (0 = never)', default: '60', min: 0 }),
  CRM_RETRY_BASE_MS: env.int({ description: 'First retry delay after Dolibarr failed (then doubling, with jitter)', default: '2000', min: 1 }),
  CRM_RETRY_MAX_MS: env.int({
    description: 'Longest delay between two tries of one piece of work (and the wait while a person must act)',
    default: '300000',
    min: 1,
  }),
  CRM_WORK_POLL_MS: env.int({ description: 'How often crm-sync looks for due work', default: '1000', min: 10 }),
  CRM_JOB_RETENTION_DAYS: env.int({ description: 'Days a done CRM job is kept before it expires', default: '30', min: 30 }),
  CRM_LEDGER_RETENTION_DAYS: env.int({ description: 'Days the audit keeps an order (what must be in Dolibarr) after it completed', default: '400', min: 30 }),
};
