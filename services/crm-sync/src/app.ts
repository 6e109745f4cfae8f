import type { ConfigOf } from '@lumira/config';
import { ConfigError } from '@lumira/config';
import { createServiceApp, type ServiceApp } from '@lumira/http';
import type { ServiceDeps } from '@lumira/http/runtime';
import { createDueIndex, releaseAbandonedClaims, type Collection } from '@lumira/store';
import type { crmSyncConfig } from './config.js';
import { crmAudit, type CrmAudit } from './crm-audit.js';
import { crmClock } from './crm-clock.js';
import { consumeCrmEvents } from './crm-intake.js';
import type { CrmJob } from './crm-job.js';
import { crmLedger, type LedgerOrderDoc } from './crm-ledger.js';
import { createCrmPull } from './crm-pull.js';
import { crmState, type CrmStateDoc } from './crm-state.js';
import { createCrmWorker } from './crm-worker.js';
import type { CustomerLinkDoc } from './customer-link.js';
import { customerLocks, type CustomerLockDoc } from './customer-lock.js';
import { createDolibarrClient } from './dolibarr/dolibarr-client.js';
import { scrubEmails } from './failure.js';
import { crmMetrics } from './metrics.js';
import { adminCrmAuditRoutes } from './routes/admin-crm-audit.js';
import { adminCrmRoutes } from './routes/admin-crm.js';

export type CrmSyncConfig = ConfigOf<typeof crmSyncConfig>;

const JOB_LEASE_MS = 120_000;
const daySeconds = 86_400;

export async function buildCrmSyncApp({ config, logger, bus, store }: ServiceDeps<CrmSyncConfig>): Promise<ServiceApp> {
  if (config.DOLIBARR_URL && !config.DOLIBARR_API_KEY) {
    throw new ConfigError('crm-sync', [
      'DOLIBARR_API_KEY: is required when DOLIBARR_URL is set; expected the API key of a Dolibarr user (Users → the user → API key)',
    ]);
  }
  const jobs = store.collection<CrmJob>('jobs');
  const links = store.collection<CustomerLinkDoc>('customer-links');
  const ledgerCollection = store.collection<LedgerOrderDoc>('ledger');
  const ledger = crmLedger(ledgerCollection);
  const state = crmState(store.collection<CrmStateDoc>('state'));
  // No index on status: three values make a costly index in the embedded store; the status page scans.
  // Done jobs expire (doneAt is set when done, unset when opened again); the ledger keeps what the audit needs.
  await Promise.all([
    createDueIndex(jobs as Collection<never>),
    links.createIndex('dolibarrId', { sparse: true }),
    // The admin view counts and lists jobs by status, oldest first.
    jobs.createIndex({ status: 1, createdAt: 1 }),
    jobs.createIndex('doneAt', { expireAfterSeconds: config.CRM_JOB_RETENTION_DAYS * daySeconds }),
    ledgerCollection.createIndex('completedAt', { expireAfterSeconds: config.CRM_LEDGER_RETENTION_DAYS * daySeconds }),
  ]);

  const app = await createServiceApp({ service: 'crm-sync', logger });
  const metrics = crmMetrics(
    app.metrics,
    async () => await jobs.countDocuments({ status: 'pending' }),
    async () => await jobs.countDocuments({ status: 'failed' }),
  );
  const dolibarrUrl = config.DOLIBARR_URL ?? null;
  let wake: (id: string) => void = () => undefined;
  let audit: CrmAudit | null = null;

  if (config.DOLIBARR_URL && config.DOLIBARR_API_KEY) {
    const clientLog = logger.child({ component: 'dolibarr-client' });
    const client = createDolibarrClient({
      baseUrl: config.DOLIBARR_URL,
      apiKey: config.DOLIBARR_API_KEY,
      timeoutMs: config.DOLIBARR_TIMEOUT_MS,
      onPrinted: (call, text) =>
        clientLog.warn({ call, printed: scrubEmails(text.slice(0, 200)) }, 'Dolibarr printed PHP output before its answer (display_errors is on?)'),
    });
    const lockDocs = store.collection<CustomerLockDoc>('customer-locks');
    if (store.kind === 'embedded') {
      // One process owns the embedded store: claims and locks found at start belong to a process that died.
      const released = (await releaseAbandonedClaims(jobs)) + (await releaseAbandonedClaims(lockDocs));
      if (released > 0) logger.info({ released }, 'CRM jobs and locks held by a stopped process are free again');
    }
    const locks = customerLocks(lockDocs, JOB_LEASE_MS);
    const invoice = {
      vatRate: config.DOLIBARR_VAT_RATE,
      paymentModeId: config.DOLIBARR_PAYMENT_MODE_ID,
      bankAccountId: config.DOLIBARR_BANK_ACCOUNT_ID,
      invoiceFreeOrders: config.DOLIBARR_INVOICE_FREE_ORDERS,
    };
    const worker = createCrmWorker(
      { jobs, links, locks, state, client, bus, metrics, log: logger.child({ component: 'crm-worker' }) },
      {
        retryBaseMs: config.CRM_RETRY_BASE_MS,
        retryMaxMs: config.CRM_RETRY_MAX_MS,
        pollMs: config.CRM_WORK_POLL_MS,
        settleMs: config.DOLIBARR_SETTLE_MS,
        invoice,
        leaseMs: JOB_LEASE_MS,
      },
    );
    const clock = crmClock({ client, state, log: logger.child({ component: 'crm-clock' }) }, config.DOLIBARR_TIMEZONE);
    const pull = createCrmPull({ client, clock, links, state, bus, metrics, log: logger.child({ component: 'crm-pull' }) });
    wake = worker.wake;
    audit = crmAudit({ client, ledger, jobs, wake: (id) => wake(id) });
    const subscription = await consumeCrmEvents(bus, jobs, ledger, { invoiceFreeOrders: config.DOLIBARR_INVOICE_FREE_ORDERS, wake });
    app.background.add('crm-worker', worker);
    if (config.DOLIBARR_POLL_SECONDS > 0) app.background.add('crm-pull', { start: () => pull.start(config.DOLIBARR_POLL_SECONDS * 1000), stop: pull.stop });
    // /ready is reachable through the gateway: it says whether something failed, the admin status says what.
    app.readiness.add('dolibarr', async () => {
      const { lastError } = await state.read();
      return { status: 'up', detail: lastError ? 'the last push or pull failed: see /api/admin/crm/status' : 'enabled' };
    });
    app.addHook('onClose', async () => {
      await subscription.stop();
      client.close();
    });
  } else {
    app.readiness.add('dolibarr', async () => ({ status: 'disabled', detail: 'DOLIBARR_URL not set: crm-sync is idle' }));
  }
  const adminApiKey = config.ADMIN_API_KEY;
  await app.register(adminCrmRoutes, { jobs, state, adminApiKey, dolibarrUrl, configuredZone: config.DOLIBARR_TIMEZONE, wake: (id) => wake(id) });
  await app.register(adminCrmAuditRoutes, { adminApiKey, audit, ledger });
  return app;
}
