import t from 'tap';
import type Stripe from 'stripe';
import { derivePaymentFact, factEventId } from '../src/payment-fact.js';

const pi = (over: Partial<Stripe.PaymentIntent>) =>
  ({ id: 'pi_1', status: 'requires_payment_method', amount: 1400, amount_received: 0, currency: 'eur', metadata: { orderId: 'ord_1' }, last_payment_error: null, cancellation_reason: null, ...over }) as Stripe.PaymentIntent;
const charge = (amountRefunded: number) => ({ id: 'ch_1', amount_refunded: amountRefunded }) as Stripe.Charge;

t.test('the current PaymentIntent decides the fact', async (t) => {
  t.same(derivePaymentFact(pi({ status: 'succeeded', amount_received: 1400 }), charge(0)), { type: 'payment.succeeded', data: { paymentIntentId: 'pi_1', orderId: 'ord_1', amount: 1400, currency: 'eur' } });
  t.same(derivePaymentFact(pi({ status: 'succeeded' }), charge(1400))?.type, 'payment.refunded', 'a refunded charge wins over a stale success');
  t.same(derivePaymentFact(pi({ status: 'canceled', cancellation_reason: 'abandoned' }), null)?.data, { paymentIntentId: 'pi_1', orderId: 'ord_1', reason: 'abandoned' });
  const failed = derivePaymentFact(pi({ last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' } }), null);
  t.same(failed, { type: 'payment.failed', data: { paymentIntentId: 'pi_1', orderId: 'ord_1', failure: { code: 'insufficient_funds', message: 'Your card has insufficient funds.' } } });
  t.equal(derivePaymentFact(pi({}), null), null, 'nothing happened yet');
  t.equal(derivePaymentFact(pi({ status: 'processing' }), null), null);
  t.equal(derivePaymentFact(pi({ status: 'succeeded', metadata: {} }), null), null, 'not one of our orders');
});

t.test('the same fact always has the same event id', async (t) => {
  const fact = derivePaymentFact(pi({ status: 'succeeded' }), null)!;
  t.equal(factEventId(fact), 'payment.succeeded:pi_1');
  t.equal(factEventId(fact), factEventId(derivePaymentFact(pi({ status: 'succeeded' }), null)!));
});
