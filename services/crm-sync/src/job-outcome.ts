import { nextRetryDelayMs, settleClaim, underClaim, type Collection } from '@lumira/store';
import type { Logger } from 'pino';
import { settlesAt, WaitingError } from './create-guard.js';
import type { CrmJob } from './crm-job.js';
import type { CrmState } from './crm-state.js';
import { describeFailure } from './failure.js';
import type { CrmMetrics } from './metrics.js';

export interface OutcomeSettings {
  retryBaseMs: number;
  retryMaxMs: number;
  settleMs: number;
  /** Tries before a request Dolibarr refuses for good is parked as failed, waiting for a resync. */
  maxRefusals: number;
}

/** The claim ran out and another worker took the job: this run's outcome is not ours to write. */
export class LostClaimError extends Error {
  override name = 'LostClaimError';
}

/**
 * Records how a run ended, each outcome in one write made only under the run's own claim (a fenced lease):
 * a run that outlived its claim changes nothing, whatever it found.
 */
export function jobOutcomes(deps: { jobs: Collection<CrmJob>; state: CrmState; metrics: CrmMetrics; log: Logger }, settings: OutcomeSettings) {
  const { jobs, state, metrics, log } = deps;
  // Invoice and credit-note lines name their order, so a purchase's log search finds its CRM work.
  const idsOf = (job: CrmJob) => ({ jobId: job._id, ...('orderId' in job ? { orderId: job.orderId } : {}) });
  const lost = (job: CrmJob) => log.warn(idsOf(job), 'the claim on this job ran out during the run: its outcome was not recorded');

  async function succeeded(job: CrmJob, notes: string[]): Promise<void> {
    metrics.pushes.inc({ kind: job.kind });
    await state.pushed();
    await state.clearErrorOf(job._id);
    await state.noted(job._id, notes);
    const settling = settlesAt(job.pendingCreates, settings.settleMs);
    if (settling > Date.now()) {
      // A create that never answered may still commit: come back once it cannot, to clean up a duplicate.
      const note = `in Dolibarr; a create that timed out may still commit: checking for a duplicate at ${new Date(settling).toISOString()}`;
      if (!(await settleClaim(jobs, job, { $set: { status: 'pending', dueAt: settling, lastError: null, notes: [...notes, note] } }))) lost(job);
      return;
    }
    const done = {
      $set: { status: 'done', doneAt: new Date(), lastError: null, notes, pendingCreates: {}, lockedUntil: 0, leaseToken: null },
      $unset: { dueAt: '' },
    };
    const r = await jobs.updateOne({ ...underClaim(job), version: job.version }, done);
    // Newer facts arrived during the run: leave it due, it runs again with them.
    if (r.matched === 0 && !(await settleClaim(jobs, job, { $set: { notes } }))) return lost(job);
    log.info({ ...idsOf(job), attempt: job.attempts }, 'pushed to Dolibarr');
  }

  async function failed(job: CrmJob, err: unknown, notes: string[]): Promise<void> {
    if (err instanceof LostClaimError) return lost(job);
    const { reason, category, message } = describeFailure(err);
    if (err instanceof WaitingError) {
      // Not a try: the attempt the claim counted is given back.
      if (!(await settleClaim(jobs, job, { $set: { status: 'pending', lastError: message, notes, dueAt: err.retryAt }, $inc: { attempts: -1 } }))) lost(job);
      log.info({ ...idsOf(job), retryAt: new Date(err.retryAt).toISOString() }, `waiting: ${message}`);
      return;
    }
    metrics.failures.inc({ kind: job.kind, reason });
    await state.failed(message, job._id);
    if (category === 'refused' && job.attempts >= settings.maxRefusals) {
      if (!(await settleClaim(jobs, job, { $set: { status: 'failed', lastError: message, notes }, $unset: { dueAt: '' } }))) return lost(job);
      log.error({ ...idsOf(job), reason, attempts: job.attempts, err: message }, 'Dolibarr refused the work: parked until a resync');
      return;
    }
    const delay =
      category === 'configuration'
        ? settings.retryMaxMs
        : nextRetryDelayMs({ attempt: job.attempts, baseMs: settings.retryBaseMs, maxMs: settings.retryMaxMs });
    if (!(await settleClaim(jobs, job, { $set: { status: 'pending', lastError: message, notes, dueAt: Date.now() + delay } }))) return lost(job);
    log.warn({ ...idsOf(job), reason, category, attempt: job.attempts, retryInMs: delay, err: message }, 'Dolibarr push failed: will retry');
  }

  return { succeeded, failed };
}
