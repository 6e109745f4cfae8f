import { nowSeconds, stripeId } from '../object-ids.js';
import type { Obj } from '../store.js';
import { ibanFingerprint, type KnownCard } from '../test-cards.js';
import { noAddress } from './customer.js';

export const billingDetails = () => ({ address: { ...noAddress }, email: null, name: null, phone: null, tax_id: null });

function checks(card: KnownCard['card']) {
  return {
    address_line1_check: card.checks?.line1 ?? null,
    address_postal_code_check: card.checks?.postalCode ?? null,
    cvc_check: card.checks?.cvc ?? 'pass',
  };
}

export function cardPaymentMethod({ card, fingerprint }: KnownCard): Obj {
  return {
    id: stripeId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: billingDetails(),
    card: {
      brand: card.brand,
      checks: checks(card),
      country: card.country,
      display_brand: card.brand,
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 5,
      fingerprint,
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

export function sepaPaymentMethod(iban: string): Obj {
  return {
    id: stripeId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: billingDetails(),
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    sepa_debit: {
      bank_code: iban.slice(4, 12),
      branch_code: null,
      country: iban.slice(0, 2),
      fingerprint: ibanFingerprint(iban),
      generated_from: { charge: null, setup_attempt: null },
      last4: iban.slice(-4),
    },
    type: 'sepa_debit',
  };
}

/** What a charge says about the method that paid it. */
export function paymentMethodDetails(pm: Obj, amount: number, authenticated: boolean) {
  if (pm.type === 'sepa_debit') {
    const s = pm.sepa_debit as Record<string, unknown>;
    return {
      sepa_debit: { bank_code: s.bank_code, branch_code: null, country: s.country, fingerprint: s.fingerprint, last4: s.last4, mandate: null },
      type: 'sepa_debit',
    };
  }
  const c = pm.card as Record<string, unknown>;
  return {
    card: {
      amount_authorized: amount,
      authorization_code: null,
      brand: c.brand,
      checks: c.checks,
      country: c.country,
      electronic_commerce_indicator: authenticated ? '05' : null,
      exp_month: c.exp_month,
      exp_year: c.exp_year,
      extended_authorization: { status: 'disabled' },
      fingerprint: c.fingerprint,
      funding: c.funding,
      incremental_authorization: { status: 'unavailable' },
      installments: null,
      last4: c.last4,
      mandate: null,
      multicapture: { status: 'unavailable' },
      network: c.brand,
      network_token: { used: false },
      network_transaction_id: null,
      overcapture: { maximum_amount_capturable: amount, status: 'unavailable' },
      regulated_status: 'unregulated',
      transaction_link_id: null,
      three_d_secure: authenticated
        ? {
            authentication_flow: 'challenge',
            electronic_commerce_indicator: '05',
            exemption_indicator: null,
            result: 'authenticated',
            result_reason: null,
            transaction_id: stripeId('3ds', 16),
            version: '2.2.0',
          }
        : null,
      wallet: null,
    },
    type: 'card',
  };
}
