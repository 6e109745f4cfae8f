import type { FastifyInstance } from 'fastify';
import { checkExpand, expand } from '../expand.js';
import { bool, list, record, str } from '../form.js';
import { disputeEvidenceFields, disputeObject } from '../objects/dispute.js';
import { listParams, type Rules } from '../params.js';
import { missingResource, refused } from '../stripe-errors.js';
import { automatic, type Obj, type ScheduledTask } from '../store.js';
import { idOf, requestInfo, type ApiContext } from './context.js';
import { endpoint } from './endpoint.js';
import { createdFilter, paginate } from './pagination.js';

const evidenceRules: Rules = Object.fromEntries(disputeEvidenceFields.map((f) => [f, 'string' as const]));
const updateRules: Rules = { evidence: { object: evidenceRules }, metadata: 'metadata', submit: 'boolean', expand: 'expand' };
const closed = ['won', 'lost', 'warning_closed'];

export function disputeRoutes(app: FastifyInstance, ctx: ApiContext) {
  const { store } = ctx;
  const get = (id: string): Obj => {
    const d = store.get('dispute', id);
    if (!d) throw missingResource('dispute', id);
    return d;
  };
  const open = (d: Obj) => {
    if (closed.includes(String(d.status))) throw refused(`This dispute is already closed (status: ${String(d.status)}).`);
  };

  endpoint(app, 'GET', '/v1/disputes/:id', { expand: 'expand' }, async (req, q) => {
    checkExpand('dispute', list(q, 'expand'));
    return expand(store, get(idOf(req)), list(q, 'expand'));
  });

  endpoint(app, 'GET', '/v1/disputes', { ...listParams, charge: 'string', payment_intent: 'string', created: 'range' }, async (_req, q) => {
    checkExpand('dispute', list(q, 'expand'), true);
    const [charge, pi, created] = [str(q, 'charge'), str(q, 'payment_intent'), createdFilter(q)];
    const page = paginate(
      [...store.all('dispute').values()],
      (d) => (!charge || d.charge === charge) && (!pi || d.payment_intent === pi) && created(d.created),
      q,
      '/v1/disputes',
      'dispute',
    );
    return { ...page, data: page.data.map((d) => expand(store, d, list(q, 'expand'), true)) };
  });

  /**
   * Evidence, submitted by default. As in Stripe's test mode, `winning_evidence` or `losing_evidence` in
   * `uncategorized_text` decides the dispute a moment later; other evidence leaves it under review.
   */
  endpoint(app, 'POST', '/v1/disputes/:id', updateRules, async (req, p) => {
    checkExpand('dispute', list(p, 'expand'));
    const d = get(idOf(req));
    open(d);
    const previous = { status: d.status, evidence: structuredClone(d.evidence) };
    const evidence = record(p, 'evidence');
    Object.assign(d.evidence as Record<string, unknown>, evidence);
    if (p.metadata !== undefined) d.metadata = { ...(d.metadata as Record<string, string>), ...record(p, 'metadata') };
    const details = d.evidence_details as Record<string, unknown>;
    if (bool(p, 'submit') ?? true) {
      d.status = String(d.status).startsWith('warning_') ? 'warning_under_review' : 'under_review';
      Object.assign(details, { has_evidence: true, submission_count: (details.submission_count as number) + 1 });
      const text = String((d.evidence as Record<string, unknown>).uncategorized_text ?? '');
      const decision = text.includes('winning_evidence') ? 'won' : text.includes('losing_evidence') ? 'lost' : undefined;
      if (decision) ctx.scheduler.schedule('decide_dispute', d.id, ctx.timing.disputeDecisionMs, decision);
    }
    store.save(d);
    store.emit('charge.dispute.updated', d, requestInfo(req), previous);
    return expand(store, d, list(p, 'expand'));
  });

  /** Accepting the dispute: a chargeback is lost, an inquiry closed. */
  endpoint(app, 'POST', '/v1/disputes/:id/close', { expand: 'expand' }, async (req, p) => {
    checkExpand('dispute', list(p, 'expand'));
    const d = get(idOf(req));
    open(d);
    closeDispute(ctx, d, String(d.status).startsWith('warning_') ? 'warning_closed' : 'lost', requestInfo(req));
    return expand(store, d, list(p, 'expand'));
  });
}

function closeDispute(ctx: ApiContext, d: Obj, status: string, info = automatic) {
  const previous = { status: d.status };
  d.status = status;
  d.is_charge_refundable = false;
  ctx.store.save(d);
  ctx.store.emit('charge.dispute.closed', d, info, previous);
  if (status === 'won') ctx.store.emit('charge.dispute.funds_reinstated', d, info);
}

/** A dispute card's charge gets its dispute once it has succeeded. */
export function openDispute(ctx: ApiContext, task: ScheduledTask): void {
  const charge = ctx.store.get('charge', task.target);
  if (!charge) return;
  const [kind, reason] = task.outcome.split(':');
  const inquiry = kind === 'inquiry';
  const dispute = ctx.store.save(disputeObject(charge, reason ?? 'general', inquiry));
  charge.disputed = true;
  ctx.store.save(charge);
  ctx.store.emit('charge.dispute.created', dispute, automatic);
  if (!inquiry) ctx.store.emit('charge.dispute.funds_withdrawn', dispute, automatic);
}

export function decideDispute(ctx: ApiContext, task: ScheduledTask): void {
  const d = ctx.store.get('dispute', task.target);
  if (!d || closed.includes(String(d.status))) return;
  const inquiry = String(d.status).startsWith('warning_');
  closeDispute(ctx, d, task.outcome === 'won' ? (inquiry ? 'warning_closed' : 'won') : 'lost');
}
