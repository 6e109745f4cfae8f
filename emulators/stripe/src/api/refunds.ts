import type { FastifyInstance } from 'fastify';
import { checkExpand, expand } from '../expand.js';
import { list, record, str } from '../form.js';
import { refundObject } from '../objects/refund.js';
import { listParams, type Rules } from '../params.js';
import { invalid, missingParamResource, missingResource, refused } from '../stripe-errors.js';
import { automatic, type Obj, type ScheduledTask } from '../store.js';
import { idOf, requestInfo, type ApiContext } from './context.js';
import { endpoint } from './endpoint.js';
import { cardOf } from './payment-attempt.js';
import { createdFilter, paginate } from './pagination.js';

const createRules: Rules = {
  payment_intent: 'string',
  charge: 'string',
  amount: 'integer',
  reason: { enum: ['duplicate', 'fraudulent', 'requested_by_customer'] },
  metadata: 'metadata',
  expand: 'expand',
};

const money = (amount: number, currency: string) => `${{ eur: '€', usd: '$', gbp: '£' }[currency] ?? ''}${(amount / 100).toFixed(2)}`;

const openDispute = (status: unknown) => ['needs_response', 'under_review', 'lost'].includes(String(status));

export function refundRoutes(app: FastifyInstance, ctx: ApiContext) {
  const { store } = ctx;

  /** The charge a refund request names, directly or through its PaymentIntent. */
  function chargeFor(p: Record<string, unknown>): Obj {
    const piId = str(p, 'payment_intent');
    const chargeId = str(p, 'charge');
    if (piId && chargeId) throw invalid('You may only specify one of these parameters: charge, payment_intent.', 'parameters_exclusive');
    if (piId) {
      const pi = store.get('payment_intent', piId);
      if (!pi) throw missingParamResource('payment_intent', piId, 'payment_intent');
      if (pi.status !== 'succeeded' || typeof pi.latest_charge !== 'string') {
        throw refused(`This PaymentIntent (${piId}) does not have a successful charge to refund.`, 'charge_not_refundable', 'payment_intent');
      }
      return store.get('charge', pi.latest_charge)!;
    }
    if (!chargeId) throw invalid('One of the following params should be provided for this request: payment_intent or charge.', 'parameter_missing');
    const charge = store.get('charge', chargeId);
    if (!charge) throw missingParamResource('charge', chargeId, 'charge');
    return charge;
  }

  endpoint(app, 'POST', '/v1/refunds', createRules, async (req, p) => {
    checkExpand('refund', list(p, 'expand'));
    const charge = chargeFor(p);
    if (charge.status !== 'succeeded') throw refused(`Charge ${charge.id} has not succeeded and cannot be refunded.`, 'charge_not_refundable');
    const disputes = [...store.all('dispute').values()].filter((d) => d.charge === charge.id);
    if (disputes.some((d) => openDispute(d.status))) throw refused(`Charge ${charge.id} has been charged back; cannot issue a refund.`, 'charge_disputed');
    const remaining = (charge.amount as number) - (charge.amount_refunded as number);
    if (remaining === 0) throw refused(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
    const requested = str(p, 'amount');
    const amount = requested === undefined ? remaining : Number(requested);
    const currency = String(charge.currency);
    if (amount <= 0) throw invalid('Invalid positive integer', 'parameter_invalid_integer', 'amount');
    if (amount > remaining)
      throw refused(
        `Refund amount (${money(amount, currency)}) is greater than unrefunded amount on charge (${money(remaining, currency)})`,
        undefined,
        'amount',
      );
    const later = cardOf(store.get('payment_method', String(charge.payment_method))!)?.refund;
    const refund = store.save(refundObject(charge, amount, str(p, 'reason') ?? null, record(p, 'metadata'), later === 'pending' ? 'pending' : 'succeeded'));
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded = (charge.amount_refunded as number) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    store.save(charge);
    const info = requestInfo(req);
    store.emit('refund.created', refund, info);
    store.emit('charge.refunded', charge, info, previous);
    if (later) ctx.scheduler.schedule('settle_refund', refund.id, ctx.timing.refundMs, later === 'fail' ? 'failed' : 'succeeded');
    return expand(store, refund, list(p, 'expand'));
  });

  endpoint(app, 'GET', '/v1/refunds/:id', { expand: 'expand' }, async (req, q) => {
    checkExpand('refund', list(q, 'expand'));
    const refund = store.get('refund', idOf(req));
    if (!refund) throw missingResource('refund', idOf(req));
    return expand(store, refund, list(q, 'expand'));
  });

  endpoint(app, 'GET', '/v1/refunds', { ...listParams, charge: 'string', payment_intent: 'string', created: 'range' }, async (_req, q) => {
    checkExpand('refund', list(q, 'expand'), true);
    const [charge, pi, created] = [str(q, 'charge'), str(q, 'payment_intent'), createdFilter(q)];
    const page = paginate(
      [...store.all('refund').values()],
      (r) => (!charge || r.charge === charge) && (!pi || r.payment_intent === pi) && created(r.created),
      q,
      '/v1/refunds',
      'refund',
    );
    return { ...page, data: page.data.map((r) => expand(store, r, list(q, 'expand'), true)) };
  });
}

/**
 * A refund that settles later: `pm_card_pendingRefund` goes from pending to succeeded; `pm_card_refundFail`
 * starts as succeeded and fails (the money comes back to the account, the charge is no longer refunded).
 */
export function settleRefund(ctx: ApiContext, task: ScheduledTask): void {
  const refund = ctx.store.get('refund', task.target);
  if (!refund || !['pending', 'succeeded'].includes(String(refund.status))) return;
  const previous = { status: refund.status };
  if (task.outcome === 'succeeded') {
    refund.status = 'succeeded';
  } else {
    Object.assign(refund, { status: 'failed', failure_reason: 'expired_or_canceled_card' });
    const charge = ctx.store.get('charge', String(refund.charge))!;
    charge.amount_refunded = (charge.amount_refunded as number) - (refund.amount as number);
    charge.refunded = false;
    ctx.store.save(charge);
  }
  ctx.store.save(refund);
  ctx.store.emit('refund.updated', refund, automatic, previous);
  if (refund.status === 'failed') ctx.store.emit('refund.failed', refund, automatic, previous);
  ctx.store.emit('charge.refund.updated', refund, automatic, previous);
}
