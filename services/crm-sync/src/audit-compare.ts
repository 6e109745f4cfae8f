import type { Invoice } from './dolibarr/dolibarr-schemas.js';
import { isErasable, keeperOf } from './invoice-duplicates.js';

/**
 * The audit's judgement of one document we expect in Dolibarr against what carries its ref_ext there.
 * Pure, so every case is a unit test; the I/O is in crm-audit.ts.
 */

export type AuditProblem = 'missing' | 'duplicated' | 'amount_mismatch' | 'not_validated' | 'unpaid';

export interface ExpectedDocument {
  kind: 'invoice' | 'credit-note';
  orderId: string;
  refExt: string;
  /** Total with tax: positive for an invoice, negative for a credit note. */
  grossCents: number;
}

export interface AuditFinding {
  kind: ExpectedDocument['kind'];
  orderId: string;
  refExt: string;
  problem: AuditProblem;
  expectedCents: number;
  foundCents: number | null;
  documents: Array<{ id: number; ref: string; status: Invoice['status']; paid: boolean; totalCents: number }>;
  /** 'resync': running the job again fixes it; 'person': it needs someone in Dolibarr (a validated document). */
  fix: 'resync' | 'person';
}

export function compareDocument(expected: ExpectedDocument, found: Invoice[]): AuditFinding[] {
  const documents = found.map((d) => ({ id: d.id, ref: d.ref, status: d.status, paid: d.paid, totalCents: d.totalGrossCents }));
  const finding = (problem: AuditProblem, fix: AuditFinding['fix'], foundCents: number | null): AuditFinding => ({
    kind: expected.kind,
    orderId: expected.orderId,
    refExt: expected.refExt,
    problem,
    expectedCents: expected.grossCents,
    foundCents,
    documents,
    fix,
  });
  const keeper = keeperOf(found);
  if (!keeper) return [finding('missing', 'resync', null)];
  const findings: AuditFinding[] = [];
  if (found.length > 1) {
    const extrasErasable = found.every((d) => d.id === keeper.id || isErasable(d));
    findings.push(finding('duplicated', extrasErasable ? 'resync' : 'person', keeper.totalGrossCents));
  }
  // A wrong amount cannot be fixed by sending the same document again: a person corrects it.
  if (keeper.totalGrossCents !== expected.grossCents) findings.push(finding('amount_mismatch', 'person', keeper.totalGrossCents));
  else if (keeper.status === 'draft') findings.push(finding('not_validated', 'resync', keeper.totalGrossCents));
  else if (!keeper.paid) findings.push(finding('unpaid', 'resync', keeper.totalGrossCents));
  return findings;
}
