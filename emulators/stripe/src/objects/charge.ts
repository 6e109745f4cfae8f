import { nowSeconds, stripeId } from '../object-ids.js';
import type { Obj } from '../store.js';
import type { Decline, TestCard } from '../test-cards.js';
import { billingDetails, paymentMethodDetails } from './payment-method.js';

export type ChargeStatus = 'succeeded' | 'failed' | 'pending';

export interface ChargeFailure {
  code: string;
  message: string;
  decline?: Decline;
}

export function chargeOutcome(status: ChargeStatus, card: TestCard | undefined, failure: ChargeFailure | undefined) {
  const declined = status === 'failed';
  const riskLevel = card?.riskLevel ?? 'normal';
  return {
    advice_code: failure?.decline?.adviceCode ?? null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: declined ? 'declined_by_network' : 'approved_by_network',
    reason: failure?.decline?.declineCode ?? null,
    risk_level: riskLevel,
    risk_score: riskLevel === 'elevated' ? 72 : 32,
    seller_message: declined ? 'The bank did not return any further details with this decline.' : 'Payment complete.',
    type: declined ? 'issuer_declined' : 'authorized',
  };
}

/** A charge made by a PaymentIntent's payment attempt; it copies the intent's customer, description and metadata. */
export function chargeObject(pi: Obj, pm: Obj, status: ChargeStatus, opts: { card?: TestCard; failure?: ChargeFailure; authenticated?: boolean }): Obj {
  const amount = pi.amount as number;
  const paid = status === 'succeeded';
  return {
    id: stripeId('ch'),
    object: 'charge',
    amount,
    amount_captured: paid ? amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: billingDetails(),
    calculated_statement_descriptor: 'LUMIRA',
    captured: paid,
    created: nowSeconds(),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: opts.failure?.code ?? null,
    failure_message: opts.failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...(pi.metadata as Record<string, string>) },
    on_behalf_of: null,
    outcome: status === 'pending' ? null : chargeOutcome(status, opts.card, opts.failure),
    paid,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: paymentMethodDetails(pm, amount, opts.authenticated ?? false),
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status,
    transfer_data: null,
    transfer_group: null,
  };
}
