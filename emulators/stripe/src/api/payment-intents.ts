import type { FastifyInstance } from 'fastify';
import { checkExpand, expand } from '../expand.js';
import { bool, list, record, str } from '../form.js';
import { paymentIntentObject } from '../objects/payment-intent.js';
import { requireParam, type Rules } from '../params.js';
import { invalid, missingParamResource, missingResource, unexpectedState } from '../stripe-errors.js';
import type { Obj } from '../store.js';
import { idOf, requestInfo, type ApiContext } from './context.js';
import { endpoint } from './endpoint.js';
import { attemptPayment } from './payment-attempt.js';
import { paymentMethodDataRules, paymentMethodFromData, resolvePaymentMethod } from './payment-methods.js';

const mandateRules: Rules = {
  customer_acceptance: {
    object: { type: { enum: ['offline', 'online'] }, online: { object: { ip_address: 'string', user_agent: 'string' } }, offline: { object: {} } },
  },
};
const confirmRules: Rules = {
  payment_method: 'string',
  payment_method_data: { object: paymentMethodDataRules },
  return_url: 'string',
  receipt_email: 'string',
  error_on_requires_action: 'boolean',
  mandate_data: { object: mandateRules },
  expand: 'expand',
};
const createRules: Rules = {
  ...confirmRules,
  amount: 'integer',
  currency: 'currency',
  customer: 'string',
  description: 'string',
  metadata: 'metadata',
  automatic_payment_methods: { object: { enabled: 'boolean', allow_redirects: { enum: ['always', 'never'] } } },
  payment_method_types: 'string_list',
  confirm: 'boolean',
};
const cancelRules: Rules = { cancellation_reason: { enum: ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] }, expand: 'expand' };

const symbols: Record<string, string> = { eur: '€', usd: '$', gbp: '£' };

function validAmount(p: Record<string, unknown>, currency: string): number {
  requireParam(p, 'amount');
  const amount = Number(str(p, 'amount'));
  const sym = symbols[currency] ?? '';
  if (amount < 50) throw invalid(`Amount must be at least ${sym}0.50 ${currency}`, 'amount_too_small', 'amount');
  if (amount > 99_999_999) throw invalid(`Amount must be no more than ${sym}999,999.99`, 'amount_too_large', 'amount');
  return amount;
}

export function paymentIntentRoutes(app: FastifyInstance, ctx: ApiContext) {
  const { store } = ctx;
  const getPi = (id: string): Obj => {
    const pi = store.get('payment_intent', id);
    if (!pi) throw missingResource('payment_intent', id);
    return pi;
  };
  const liveCustomer = (id: string) => {
    const c = store.get('customer', id);
    if (!c || c.deleted) throw missingParamResource('customer', id, 'customer');
  };

  /** The method a confirmation uses: `payment_method_data` makes one, `payment_method` names one. */
  function methodOf(p: Record<string, unknown>, pi: Obj): Obj | undefined {
    if (p.payment_method_data && typeof p.payment_method_data === 'object')
      return paymentMethodFromData(store, p.payment_method_data as Record<string, unknown>);
    const id = str(p, 'payment_method') ?? (pi.payment_method as string | null);
    return id ? resolvePaymentMethod(store, id) : undefined;
  }

  function confirm(pi: Obj, p: Record<string, unknown>, info: ReturnType<typeof requestInfo>) {
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(String(pi.status))) {
      throw unexpectedState(`This PaymentIntent's status is ${String(pi.status)}, so it cannot be confirmed.`);
    }
    const pm = methodOf(p, pi);
    if (!pm)
      throw unexpectedState(
        "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with a payment method, pass a `payment_method`, or confirm it client-side with Stripe.js.",
      );
    const receipt = str(p, 'receipt_email');
    if (receipt) pi.receipt_email = receipt;
    attemptPayment(ctx, pi, pm, info, { returnUrl: str(p, 'return_url') ?? null, errorOnRequiresAction: bool(p, 'error_on_requires_action') ?? false });
  }

  endpoint(app, 'POST', '/v1/payment_intents', createRules, async (req, p) => {
    requireParam(p, 'currency');
    const currency = str(p, 'currency')!.toLowerCase();
    const amount = validAmount(p, currency);
    checkExpand('payment_intent', list(p, 'expand'));
    const customer = str(p, 'customer') ?? null;
    if (customer) liveCustomer(customer);
    if (p.payment_method_types !== undefined && p.automatic_payment_methods !== undefined) {
      throw invalid('You may only specify one of these parameters: automatic_payment_methods, payment_method_types.', 'parameters_exclusive');
    }
    const apm = p.automatic_payment_methods as Record<string, string> | undefined;
    const info = requestInfo(req);
    const pi = store.save(
      paymentIntentObject({
        amount,
        currency,
        customer,
        description: str(p, 'description') ?? null,
        metadata: record(p, 'metadata'),
        receiptEmail: str(p, 'receipt_email') ?? null,
        automaticPaymentMethods: p.payment_method_types
          ? null
          : { enabled: apm ? apm.enabled === 'true' : true, ...(apm?.allow_redirects ? { allow_redirects: apm.allow_redirects } : {}) },
        paymentMethodTypes: p.payment_method_types ? list(p, 'payment_method_types') : ['card', 'sepa_debit'],
      }),
    );
    store.emit('payment_intent.created', pi, info);
    if (bool(p, 'confirm')) confirm(pi, p, info);
    return expand(store, pi, list(p, 'expand'));
  });

  endpoint(app, 'GET', '/v1/payment_intents/:id', { expand: 'expand', client_secret: 'string' }, async (req, q) => {
    checkExpand('payment_intent', list(q, 'expand'));
    return expand(store, getPi(idOf(req)), list(q, 'expand'));
  });

  endpoint(app, 'POST', '/v1/payment_intents/:id/confirm', confirmRules, async (req, p) => {
    checkExpand('payment_intent', list(p, 'expand'));
    const pi = getPi(idOf(req));
    confirm(pi, p, requestInfo(req));
    return expand(store, pi, list(p, 'expand'));
  });

  endpoint(app, 'POST', '/v1/payment_intents/:id/cancel', cancelRules, async (req, p) => {
    checkExpand('payment_intent', list(p, 'expand'));
    const pi = getPi(idOf(req));
    if (['succeeded', 'canceled', 'processing'].includes(String(pi.status))) {
      throw unexpectedState(
        `You cannot cancel this PaymentIntent because it has a status of ${String(pi.status)}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action.`,
      );
    }
    Object.assign(pi, {
      status: 'canceled',
      canceled_at: Math.floor(Date.now() / 1000),
      cancellation_reason: str(p, 'cancellation_reason') ?? null,
      next_action: null,
    });
    store.save(pi);
    store.emit('payment_intent.canceled', pi, requestInfo(req));
    return expand(store, pi, list(p, 'expand'));
  });
}
