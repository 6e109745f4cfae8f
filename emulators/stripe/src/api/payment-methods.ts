import type { FastifyInstance } from 'fastify';
import { checkExpand, expand } from '../expand.js';
import { list, str } from '../form.js';
import { cardPaymentMethod, sepaPaymentMethod } from '../objects/payment-method.js';
import { type Rules } from '../params.js';
import { invalid, missingParamResource, missingResource } from '../stripe-errors.js';
import type { EmulatorStore, Obj } from '../store.js';
import { isTestIban, testCard } from '../test-cards.js';
import { idOf, type ApiContext } from './context.js';
import { endpoint } from './endpoint.js';

/** `payment_method_data`: a card from a test token, or a SEPA debit from a test IBAN. */
export const paymentMethodDataRules: Rules = {
  type: { enum: ['card', 'sepa_debit'] },
  card: { object: { token: 'string' } },
  sepa_debit: { object: { iban: 'string' } },
  billing_details: { object: { name: 'string', email: 'string', phone: 'string' } },
  metadata: 'metadata',
};

/**
 * The PaymentMethod a confirmation names: one already made, or a new one from a documented test id
 * (`pm_card_visa` makes a fresh `pm_…` each time, as on Stripe). Unknown ids are 400 on the parameter.
 */
export function resolvePaymentMethod(store: EmulatorStore, id: string): Obj {
  const stored = store.get('payment_method', id);
  if (stored) return stored;
  const card = id.startsWith('pm_card_') ? testCard(id) : undefined;
  if (!card) throw missingParamResource('PaymentMethod', id, 'payment_method');
  return store.save(cardPaymentMethod(card));
}

export function paymentMethodFromData(store: EmulatorStore, data: Record<string, unknown>): Obj {
  const type = str(data, 'type');
  if (!type) throw invalid('Missing required param: payment_method_data[type].', 'parameter_missing', 'payment_method_data[type]');
  if (type === 'card') {
    const token = str((data.card ?? {}) as Record<string, unknown>, 'token');
    if (!token) throw invalid('Missing required param: payment_method_data[card][token].', 'parameter_missing', 'payment_method_data[card][token]');
    const card = token.startsWith('tok_') ? testCard(token) : undefined;
    if (!card) throw missingParamResource('token', token, 'payment_method_data[card][token]');
    return store.save(cardPaymentMethod(card));
  }
  const iban = str((data.sepa_debit ?? {}) as Record<string, unknown>, 'iban')
    ?.replace(/\s+/g, '')
    .toUpperCase();
  if (!iban) throw invalid('Missing required param: payment_method_data[sepa_debit][iban].', 'parameter_missing', 'payment_method_data[sepa_debit][iban]');
  if (!isTestIban(iban))
    throw invalid(
      `The IBAN you provided (${iban}) is not a test IBAN the emulator knows.`,
      'invalid_bank_account_iban',
      'payment_method_data[sepa_debit][iban]',
    );
  return store.save(sepaPaymentMethod(iban));
}

export function paymentMethodRoutes(app: FastifyInstance, { store }: ApiContext) {
  endpoint(app, 'GET', '/v1/payment_methods/:id', { expand: 'expand' }, async (req, q) => {
    checkExpand('payment_method', list(q, 'expand'));
    const pm = store.get('payment_method', idOf(req));
    if (!pm) throw missingResource('payment_method', idOf(req));
    return expand(store, pm, list(q, 'expand'));
  });
}
