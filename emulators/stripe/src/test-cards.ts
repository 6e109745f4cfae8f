import { createHash } from 'node:crypto';

/**
 * Stripe's documented test PaymentMethods (docs.stripe.com/testing): `pm_card_…` ids for server-side code and
 * `tok_…` card tokens for `payment_method_data[card][token]`. Using one makes a new PaymentMethod from that
 * card, as Stripe does. Declines carry the codes Stripe answers for each card in test mode.
 */
export interface Decline {
  code: string;
  declineCode: string;
  message: string;
  param?: string;
  adviceCode?: string;
}

export interface TestCard {
  brand: string;
  last4: string;
  funding: 'credit' | 'debit' | 'prepaid';
  country: string;
  /** The charge is declined with these codes. */
  decline?: Decline;
  /** 3-D Secure: the PaymentIntent stops at requires_action; `declineAfter` declines once authenticated. */
  authentication?: { declineAfter?: Decline };
  /** A refund of this charge starts as given and settles later (`fail`: to failed, `pending`: to succeeded). */
  refund?: 'fail' | 'pending';
  /** A dispute is opened on the charge once it succeeds. */
  dispute?: { reason: string; inquiry: boolean };
  checks?: { cvc?: 'fail' | 'unavailable'; line1?: 'fail' | 'unavailable'; postalCode?: 'fail' | 'unavailable' };
  riskLevel?: 'elevated';
}

const generic: Decline = { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.', adviceCode: 'try_again_later' };
const insufficientFunds: Decline = {
  code: 'card_declined',
  declineCode: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
  adviceCode: 'try_again_later',
};
const declines = {
  generic,
  insufficientFunds,
  lost: { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.', adviceCode: 'do_not_try_again' },
  stolen: { code: 'card_declined', declineCode: 'stolen_card', message: 'Your card was declined.', adviceCode: 'do_not_try_again' },
  expired: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.', param: 'exp_month', adviceCode: 'confirm_card_data' },
  incorrectCvc: {
    code: 'incorrect_cvc',
    declineCode: 'incorrect_cvc',
    message: "Your card's security code is incorrect.",
    param: 'cvc',
    adviceCode: 'confirm_card_data',
  },
  processing: {
    code: 'processing_error',
    declineCode: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
    adviceCode: 'try_again_later',
  },
  velocity: {
    code: 'card_declined',
    declineCode: 'card_velocity_exceeded',
    message: 'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
    adviceCode: 'try_again_later',
  },
  fraudulent: { code: 'card_declined', declineCode: 'fraudulent', message: 'Your card was declined.' },
} satisfies Record<string, Decline>;

const visa = (last4: string, extra: Partial<TestCard> = {}): TestCard => ({ brand: 'visa', last4, funding: 'credit', country: 'US', ...extra });

/** Keyed by the part after `pm_card_` (and `tok_`). */
const cards: Record<string, TestCard> = {
  visa: visa('4242'),
  visa_debit: visa('5556', { funding: 'debit' }),
  mastercard: { brand: 'mastercard', last4: '4444', funding: 'credit', country: 'US' },
  mastercard_debit: { brand: 'mastercard', last4: '8210', funding: 'debit', country: 'US' },
  mastercard_prepaid: { brand: 'mastercard', last4: '5100', funding: 'prepaid', country: 'US' },
  amex: { brand: 'amex', last4: '8431', funding: 'credit', country: 'US' },
  discover: { brand: 'discover', last4: '1117', funding: 'credit', country: 'US' },
  diners: { brand: 'diners', last4: '0004', funding: 'credit', country: 'US' },
  jcb: { brand: 'jcb', last4: '0505', funding: 'credit', country: 'JP' },
  unionpay: { brand: 'unionpay', last4: '0005', funding: 'credit', country: 'CN' },
  bypassPending: visa('0077'),
  bypassPendingInternational: visa('0278', { country: 'IE' }),
  chargeDeclined: visa('0002', { decline: declines.generic }),
  visa_chargeDeclined: visa('0002', { decline: declines.generic }),
  visa_chargeDeclinedInsufficientFunds: visa('9995', { decline: declines.insufficientFunds }),
  visa_chargeDeclinedLostCard: visa('9987', { decline: declines.lost }),
  visa_chargeDeclinedStolenCard: visa('9979', { decline: declines.stolen }),
  chargeDeclinedExpiredCard: visa('0069', { decline: declines.expired }),
  chargeDeclinedIncorrectCvc: visa('0127', { decline: declines.incorrectCvc }),
  chargeDeclinedProcessingError: visa('0119', { decline: declines.processing }),
  visa_chargeDeclinedVelocityLimitExceeded: visa('6975', { decline: declines.velocity }),
  chargeDeclinedFraudulent: visa('0019', { decline: declines.fraudulent }),
  chargeCustomerFail: visa('0341', { decline: declines.generic }),
  riskLevelElevated: visa('9235', { riskLevel: 'elevated' }),
  cvcCheckFail: visa('0101', { checks: { cvc: 'fail' } }),
  avsFail: visa('0010', { checks: { line1: 'fail', postalCode: 'fail' } }),
  avsLine1Fail: visa('0028', { checks: { line1: 'fail' } }),
  avsZipFail: visa('0036', { checks: { postalCode: 'fail' } }),
  avsUnchecked: visa('0044', { checks: { line1: 'unavailable', postalCode: 'unavailable' } }),
  threeDSecure2Required: visa('3220', { authentication: {} }),
  threeDSecureRequired: visa('3063', { authentication: {} }),
  threeDSecureOptional: visa('3055'),
  authenticationRequired: visa('3184', { country: 'DE', authentication: {} }),
  authenticationRequiredOnSetup: visa('3155', { country: 'IE', authentication: {} }),
  authenticationRequiredChargeDeclinedInsufficientFunds: visa('3178', { country: 'GB', authentication: { declineAfter: declines.insufficientFunds } }),
  refundFail: visa('5126', { refund: 'fail' }),
  pendingRefund: visa('7726', { refund: 'pending' }),
  createDispute: visa('0259', { dispute: { reason: 'fraudulent', inquiry: false } }),
  createDisputeProductNotReceived: visa('2685', { dispute: { reason: 'product_not_received', inquiry: false } }),
  createDisputeInquiry: visa('1976', { dispute: { reason: 'fraudulent', inquiry: true } }),
};

export interface KnownCard {
  card: TestCard;
  /** One per test card, as Stripe gives one per card number: `pm_card_x` and `tok_x` share it. */
  fingerprint: string;
}

const fingerprintOf = (key: string) =>
  createHash('sha256')
    .update(`test-card:${key}`)
    .digest('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 16);
const byFingerprint = new Map(Object.entries(cards).map(([key, card]) => [fingerprintOf(key), card]));

/** The test card behind `pm_card_…` or `tok_…`, or undefined for any other id. */
export function testCard(id: string): KnownCard | undefined {
  const match = /^(?:pm_card_|tok_)(.+)$/.exec(id);
  const key = match?.[1];
  return key && Object.hasOwn(cards, key) ? { card: cards[key]!, fingerprint: fingerprintOf(key) } : undefined;
}

/** The test card a card PaymentMethod was made from, by its fingerprint. */
export const testCardByFingerprint = (fingerprint: string): TestCard | undefined => byFingerprint.get(fingerprint);

export const testCardIds = (): string[] => Object.keys(cards).flatMap((k) => [`pm_card_${k}`, `tok_${k}`]);

/** SEPA Direct Debit test IBANs: the debit goes through `processing`, then succeeds or fails. */
const testIbans: Record<string, 'succeeded' | 'failed'> = {
  DE89370400440532013000: 'succeeded',
  DE62370400440532013001: 'failed',
};

export const isTestIban = (iban: string) => Object.hasOwn(testIbans, iban);
export const ibanFingerprint = (iban: string) => fingerprintOf(`iban:${iban}`);
const ibanByFingerprint = new Map(Object.entries(testIbans).map(([iban, outcome]) => [ibanFingerprint(iban), outcome]));

/** How a debit from this SEPA PaymentMethod (by fingerprint) settles. */
export const testIbanOutcome = (fingerprint: string): 'succeeded' | 'failed' => ibanByFingerprint.get(fingerprint) ?? 'succeeded';
