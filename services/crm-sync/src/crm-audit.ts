import { insertIfAbsent, type Collection } from '@lumira/store';
import { compareDocument, type AuditFinding, type ExpectedDocument } from './audit-compare.js';
import { chargebackJobId, jobId, newJob, reopen, type ChargebackJob, type CreditNoteJob, type CrmJob, type InvoiceJob } from './crm-job.js';
import type { CrmLedger, LedgerOrderDoc } from './crm-ledger.js';
import type { DolibarrClient } from './dolibarr/dolibarr-client.js';

export interface AuditReport {
  orders: number;
  documents: number;
  /** The range held more orders than the limit: audit the rest with a later `from`. */
  truncated: boolean;
  findings: AuditFinding[];
}

/** Dolibarr is read this many documents at a time. */
const parallelLookups = 4;

function expectedOf(order: LedgerOrderDoc): ExpectedDocument[] {
  if (!order.invoiced || !order.order) return [];
  const invoice: ExpectedDocument = { kind: 'invoice', orderId: order._id, refExt: order._id, grossCents: order.order.amount };
  // A refund that failed at the bank expects no credit note, or one cancelled by an invoice: its reversal job says which.
  const notes = Object.values(order.refunds ?? {})
    .filter((refund) => !refund.failedAt && (refund.amount ?? 0) > 0)
    .map((refund): ExpectedDocument => ({ kind: 'credit-note', orderId: order._id, refExt: refund.ref, grossCents: -(refund.amount ?? 0) }));
  return [invoice, ...notes];
}

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return results;
}

/**
 * Compares our completed and refunded orders (the ledger) with Dolibarr's invoices and credit notes, and
 * repairs what running a job again repairs: missing, unvalidated or unpaid documents, duplicate drafts.
 */
export function crmAudit(deps: { client: DolibarrClient; ledger: CrmLedger; jobs: Collection<CrmJob>; wake: (id: string) => void }) {
  const { client, ledger, jobs, wake } = deps;

  async function auditOrders(orders: LedgerOrderDoc[], limit: number): Promise<AuditReport> {
    const expected = orders.flatMap(expectedOf);
    const findings = await inBatches(expected, parallelLookups, async (doc) => compareDocument(doc, await client.listInvoicesByRefExt(doc.refExt)));
    return { orders: orders.length, documents: expected.length, truncated: orders.length >= limit, findings: findings.flat() };
  }

  /** Opens the job behind a finding again, or builds it from the ledger when it has expired. */
  async function rearm(finding: AuditFinding, order: LedgerOrderDoc): Promise<string | null> {
    const refund = Object.values(order.refunds ?? {}).find((r) => r.ref === finding.refExt);
    const now = new Date();
    let job: CrmJob | null = null;
    if (finding.kind === 'invoice' && order.order) {
      job = newJob<InvoiceJob>(jobId('invoice', order._id), { kind: 'invoice', userId: order.userId, orderId: order._id, order: order.order }, now);
    } else if (refund?.dispute) {
      job = newJob<ChargebackJob>(
        chargebackJobId(refund.dispute),
        { kind: 'chargeback', userId: order.userId, orderId: order._id, dispute: refund.dispute },
        now,
      );
    } else if (refund?.event) {
      const id = jobId('credit-note', refund.event.refundId ?? order._id);
      job = newJob<CreditNoteJob>(id, { kind: 'credit-note', userId: order.userId, orderId: order._id, order: refund.event }, now);
    }
    if (!job) return null;
    const again = reopen(now.getTime());
    const r = await jobs.updateOne({ _id: job._id }, { ...again, $set: { ...again.$set, attempts: 0 }, $inc: { version: 1 } });
    if (r.matched === 0) await insertIfAbsent<CrmJob>(jobs, job);
    wake(job._id);
    return job._id;
  }

  return {
    audit: async (range: { from: Date; to: Date; limit: number }) => await auditOrders(await ledger.between(range.from, range.to, range.limit), range.limit),

    async repair(orders: LedgerOrderDoc[]): Promise<{ report: AuditReport; rearmed: string[]; needsPerson: AuditFinding[] }> {
      const report = await auditOrders(orders, Number.POSITIVE_INFINITY);
      const byId = new Map(orders.map((o) => [o._id, o]));
      const rearmed = new Set<string>();
      for (const finding of report.findings.filter((f) => f.fix === 'resync')) {
        const order = byId.get(finding.orderId);
        const id = order ? await rearm(finding, order) : null;
        if (id) rearmed.add(id);
      }
      return { report, rearmed: [...rearmed], needsPerson: report.findings.filter((f) => f.fix === 'person') };
    },
  };
}
export type CrmAudit = ReturnType<typeof crmAudit>;
