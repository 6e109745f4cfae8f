import type { Bus } from '@lumira/bus';
import { claimDue, createDueWorker, findDueIds, nextRetryDelayMs, type Collection, type DueWorker } from '@lumira/store';
import type { Logger } from 'pino';
import type { CrmJob } from './crm-job.js';
import type { CrmState } from './crm-state.js';
import type { CustomerLinkDoc } from './customer-link.js';
import type { CustomerLocks } from './customer-lock.js';
import type { DolibarrClient } from './dolibarr/dolibarr-client.js';
import { DolibarrError } from './dolibarr/dolibarr-error.js';
import { describeFailure } from './failure.js';
import type { CrmMetrics } from './metrics.js';
import { pushCustomer } from './push-customer.js';
import { pushCreditNote, pushInvoice, type InvoiceSettings } from './push-invoice.js';

export interface CrmWorkerSettings {
  retryBaseMs: number;
  retryMaxMs: number;
  pollMs: number;
  invoice: InvoiceSettings & { invoiceFreeOrders: boolean };
  /** Tries before a request Dolibarr itself refuses (4xx) is parked as failed, waiting for a resync. */
  maxRefusals?: number;
  leaseMs?: number;
}

export interface CrmWorkerDeps {
  jobs: Collection<CrmJob>;
  links: Collection<CustomerLinkDoc>;
  locks: CustomerLocks;
  state: CrmState;
  client: DolibarrClient;
  bus: Bus;
  metrics: CrmMetrics;
  log: Logger;
}

/**
 * Runs due jobs against Dolibarr. Every failure keeps the job: outages are retried with backoff and jitter
 * for as long as they last; a refused key or a disabled API module waits at the longest delay (a person
 * must act, there is no point hammering); a request Dolibarr rejects is parked after a few tries.
 */
export function createCrmWorker(deps: CrmWorkerDeps, settings: CrmWorkerSettings): DueWorker {
  const { jobs, locks, state, metrics, log } = deps;
  const maxRefusals = settings.maxRefusals ?? 5;

  async function run(job: CrmJob): Promise<void> {
    const ctx = { client: deps.client, links: deps.links, bus: deps.bus, correlationId: job._id };
    if (job.kind === 'customer') await pushCustomer(ctx, job.customer, { update: true });
    else if (job.kind === 'invoice') await pushInvoice(ctx, job.order, settings.invoice);
    else await pushCreditNote(ctx, job.order, settings.invoice);
  }

  async function succeeded(job: CrmJob) {
    const done = await jobs.updateOne(
      { _id: job._id, version: job.version },
      { $set: { status: 'done', doneAt: new Date(), lastError: null, lockedUntil: 0 }, $unset: { dueAt: '' } },
    );
    // Newer facts arrived during the run: leave it due, it runs again with them.
    if (done.matched === 0) await jobs.updateOne({ _id: job._id }, { $set: { lockedUntil: 0 } });
    metrics.pushes.inc({ kind: job.kind });
    await state.pushed();
    log.info({ jobId: job._id, attempt: job.attempts }, 'pushed to Dolibarr');
  }

  async function failed(job: CrmJob, err: unknown) {
    const { reason, message } = describeFailure(err);
    metrics.failures.inc({ kind: job.kind, reason });
    await state.failed(message, job._id);
    if (err instanceof DolibarrError && err.kind === 'client' && job.attempts >= maxRefusals) {
      await jobs.updateOne({ _id: job._id }, { $set: { status: 'failed', lastError: message, lockedUntil: 0 }, $unset: { dueAt: '' } });
      log.error({ jobId: job._id, reason, attempts: job.attempts, err: message }, 'Dolibarr refused the work: parked until a resync');
      return;
    }
    const needsPerson = err instanceof DolibarrError && (err.kind === 'auth' || err.kind === 'not_json');
    const delay = needsPerson ? settings.retryMaxMs : nextRetryDelayMs({ attempt: job.attempts, baseMs: settings.retryBaseMs, maxMs: settings.retryMaxMs });
    await jobs.updateOne({ _id: job._id }, { $set: { status: 'pending', lastError: message, lockedUntil: 0, dueAt: Date.now() + delay } });
    log.warn({ jobId: job._id, reason, attempt: job.attempts, retryInMs: delay, err: message }, 'Dolibarr push failed: will retry');
  }

  async function handle(job: CrmJob): Promise<void> {
    if (!(await locks.acquire(job.userId))) {
      // Another job of this customer is running: come back shortly, without counting a try.
      await jobs.updateOne({ _id: job._id }, { $set: { lockedUntil: 0, dueAt: Date.now() + 200 }, $inc: { attempts: -1 } });
      return;
    }
    try {
      await run(job);
      await succeeded(job);
    } catch (err) {
      await failed(job, err);
    } finally {
      await locks.release(job.userId);
    }
  }

  const leaseMs = settings.leaseMs ?? 120_000;
  return createDueWorker({
    claim: (id) => claimDue(jobs, leaseMs, id),
    leaseMs,
    findDue: (limit) => findDueIds(jobs, limit),
    handle,
    pollMs: settings.pollMs,
    concurrency: 2,
    onPassError: (err) => log.error({ err }, 'crm worker pass failed'),
  });
}
