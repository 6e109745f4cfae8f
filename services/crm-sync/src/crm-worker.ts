import type { Bus } from '@lumira/bus';
import { claimDue, createDueWorker, findDueIds, renewClaim, underClaim, type Collection, type DueWorker } from '@lumira/store';
import type { Logger } from 'pino';
import { pendingKey, settlesAt, WaitingError, type CreateGuard } from './create-guard.js';
import { creditNoteJobId, type CreditNoteReversalJob, type CrmJob } from './crm-job.js';
import type { CrmState } from './crm-state.js';
import type { CustomerLinkDoc } from './customer-link.js';
import type { CustomerLock, CustomerLocks } from './customer-lock.js';
import type { DolibarrClient } from './dolibarr/dolibarr-client.js';
import { jobOutcomes, LostClaimError, type OutcomeSettings } from './job-outcome.js';
import type { CrmMetrics } from './metrics.js';
import type { ClockSample, PushContext } from './push-context.js';
import { pushChargeback, pushCreditNote } from './push-credit-note.js';
import { pushCustomer } from './push-customer.js';
import { pushInvoice, type InvoiceSettings } from './push-invoice.js';
import { pushCreditNoteReversal } from './push-reversal.js';

export interface CrmWorkerSettings extends Omit<OutcomeSettings, 'maxRefusals'> {
  pollMs: number;
  invoice: InvoiceSettings & { invoiceFreeOrders: boolean };
  maxRefusals?: number;
  leaseMs?: number;
  /** While a create may still commit, the job looks again at most this often. */
  lookAgainMs?: number;
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
 * Runs due jobs against Dolibarr, one customer at a time, each under its claim: long runs renew the claim
 * and the customer lock, every write of the job's outcome is conditional on the claim's token, and a run
 * that outlived its claim stops before it could create anything twice (see create-guard.ts).
 */
export function createCrmWorker(deps: CrmWorkerDeps, settings: CrmWorkerSettings): DueWorker<CrmJob> {
  const { jobs, locks, state, log } = deps;
  const leaseMs = settings.leaseMs ?? 120_000;
  const lookAgainMs = settings.lookAgainMs ?? 5_000;
  const outcomes = jobOutcomes(deps, { ...settings, maxRefusals: settings.maxRefusals ?? 3 });
  const heldLocks = new Map<string, CustomerLock>();

  /** A write to the job made only under its claim; false: the claim was lost. */
  const underJobClaim = async (job: CrmJob, update: Record<string, unknown>) => (await jobs.updateOne(underClaim(job), update)).matched === 1;

  function guardOf(job: CrmJob): CreateGuard {
    return {
      async beforeCreate(key) {
        const name = pendingKey(key);
        const sentAt = job.pendingCreates?.[name];
        const now = Date.now();
        if (sentAt !== undefined && now < sentAt + settings.settleMs) {
          const until = new Date(sentAt + settings.settleMs).toISOString();
          throw new WaitingError(
            `a create sent at ${new Date(sentAt).toISOString()} got no answer and may still commit: looking again until ${until}`,
            Math.min(sentAt + settings.settleMs, now + lookAgainMs),
          );
        }
        if (!(await underJobClaim(job, { $set: { [`pendingCreates.${name}`]: now } })))
          throw new LostClaimError(`lost the claim on ${job._id} before creating`);
        job.pendingCreates = { ...job.pendingCreates, [name]: now };
      },
      async created(key) {
        const name = pendingKey(key);
        if (!(await underJobClaim(job, { $unset: { [`pendingCreates.${name}`]: '' } })))
          throw new LostClaimError(`lost the claim on ${job._id} after creating`);
        const { [name]: _answered, ...rest } = job.pendingCreates ?? {};
        job.pendingCreates = rest;
      },
    };
  }

  /**
   * A reversal looks at Dolibarr only once the refund's credit note job can no longer write there: cancelled
   * (or done) and not running, with no create of it that may still commit.
   */
  async function creditNoteAtRest(job: CreditNoteReversalJob): Promise<void> {
    const id = creditNoteJobId(job.failure);
    const note = await jobs.findOne({ _id: id });
    if (!note || note.kind !== 'credit-note') return;
    const now = Date.now();
    if (!note.canceled && note.status !== 'done') throw new WaitingError(`${id} is not cancelled yet`, now + lookAgainMs);
    const busyUntil = Math.max(note.lockedUntil, settlesAt(note.pendingCreates, settings.settleMs));
    if (busyUntil > now) throw new WaitingError(`${id} may still be writing to Dolibarr`, Math.min(busyUntil, now + lookAgainMs));
  }

  async function run(job: CrmJob, ctx: PushContext): Promise<void> {
    switch (job.kind) {
      case 'customer':
        return void (await pushCustomer(ctx, job.customer, { update: true }));
      case 'invoice':
        return void (await pushInvoice(ctx, job.order, settings.invoice));
      case 'credit-note':
        // Its refund failed: the reversal job decides what, if anything, Dolibarr must be told.
        if (job.canceled) return ctx.note('the refund failed at the bank: no credit note');
        return void (await pushCreditNote(ctx, job.order, settings.invoice));
      case 'credit-note-reversal':
        await creditNoteAtRest(job);
        return void (await pushCreditNoteReversal(ctx, job.failure, settings.invoice));
      case 'chargeback':
        return void (await pushChargeback(ctx, job.dispute, settings.invoice));
    }
  }

  async function handle(job: CrmJob): Promise<void> {
    const lock = await locks.acquire(job.userId);
    if (!lock) {
      // Another job of this customer is running: come back shortly, without counting a try.
      await underJobClaim(job, { $set: { lockedUntil: 0, leaseToken: null, dueAt: Date.now() + 200 }, $inc: { attempts: -1 } });
      return;
    }
    heldLocks.set(job._id, lock);
    const notes: string[] = [];
    const ctx: PushContext = {
      client: deps.client,
      links: deps.links,
      bus: deps.bus,
      correlationId: job._id,
      guard: guardOf(job),
      note: (message) => void notes.push(message),
      sampleClock: async (sample: ClockSample) => await state.sampledClock(sample),
    };
    try {
      await run(job, ctx);
      await outcomes.succeeded(job, notes);
    } catch (err) {
      await outcomes.failed(job, err, notes);
    } finally {
      heldLocks.delete(job._id);
      await locks.release(lock);
    }
  }

  /** Keeps a long run's claim and its customer lock; false once either is lost. */
  async function renew(job: CrmJob): Promise<boolean> {
    const lock = heldLocks.get(job._id);
    const held = await renewClaim(jobs, job, leaseMs);
    return held && (lock === undefined || (await locks.renew(lock)));
  }

  return createDueWorker<CrmJob>({
    claim: (id) => claimDue(jobs, leaseMs, id),
    leaseMs,
    renew,
    // Every Dolibarr call is bounded; a run is a handful of them. Beyond this the run is left to its claim.
    taskBudgetMs: leaseMs * 2,
    findDue: (limit) => findDueIds(jobs, limit),
    handle,
    pollMs: settings.pollMs,
    concurrency: 2,
    onPassError: (err) => log.error({ err }, 'crm worker pass failed'),
  });
}
