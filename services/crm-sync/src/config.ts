import { commonConfig, env } from '@lumira/config';

export const crmSyncConfig = {
  ...commonConfig,
  PORT: env.port({ description: 'HTTP port of the crm-sync service', default: '3005' }),
  DOLIBARR_URL: env.optionalUrl({ description: 'Dolibarr instance root (the API is below /api/index.php); unset = crm-sync runs idle' }),
  DOLIBARR_API_KEY: env.optionalString({ description: "API key of the Dolibarr user crm-sync acts as (sent as DOLAPIKEY); required with DOLIBARR_URL", secret: true }),
  DOLIBARR_TIMEOUT_MS: env.int({ description: 'Timeout of one Dolibarr call', default: '10000', min: 100 }),
  DOLIBARR_VAT_RATE: env.number({ description: 'VAT rate in percent used to split prices (tax included) into net + tax on invoices', default: '20', min: 0, max: 99 }),
  DOLIBARR_INVOICE_FREE_ORDERS: env.bool({ description: 'Also invoice free orders (at 0); by default a free order only records the customer', default: 'false' }),
  DOLIBARR_PAYMENT_MODE_ID: env.int({ description: "Id of the payment mode recorded on paid invoices (Dolibarr's dictionary: 6 = CB, card)", default: '6', min: 1 }),
  DOLIBARR_BANK_ACCOUNT_ID: env.int({ description: 'Id of the Dolibarr bank account Stripe payouts land on (required by the payments endpoint)', default: '1', min: 1 }),
  DOLIBARR_POLL_SECONDS: env.int({ description: 'How often thirdparties changed in Dolibarr are pulled back (0 = never)', default: '60', min: 0 }),
  CRM_RETRY_BASE_MS: env.int({ description: 'First retry delay after Dolibarr failed (then doubling, with jitter)', default: '2000', min: 1 }),
  CRM_RETRY_MAX_MS: env.int({ description: 'Longest delay between two tries of one piece of work', default: '300000', min: 1 }),
  CRM_WORK_POLL_MS: env.int({ description: 'How often crm-sync looks for due work', default: '1000', min: 10 }),
};
