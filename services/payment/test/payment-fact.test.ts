import t from 'tap';
import type Stripe from 'stripe';
import { derivePaymentFacts, factEventId, intentState } from '../src/payment-fact.js';

const pi = (over: Partial<Stripe.PaymentIntent>) =>
  ({
    id: 'pi_1',
    status: 'requires_payment_method',
    amount: 1400,
    amount_received: 0,
    currency: 'eur',
    metadata: { orderId: 'ord_1' },
    last_payment_error: null,
    cancellation_reason: null,
    next_action: null,
    ...over,
  }) as Stripe.PaymentIntent;
const refund = (id: string, amount: number, status: string, failure_reason?: string) =>
  ({ id, amount, currency: 'eur', status, failure_reason }) as Stripe.Refund;
const dispute = (id: string, status: Stripe.Dispute.Status) => ({ id, amount: 1400, currency: 'eur', status, reason: 'fraudulent' }) as Stripe.Dispute;
const ref = { paymentIntentId: 'pi_1', orderId: 'ord_1' };

t.test('the current PaymentIntent decides its own fact', async (t) => {
  t.same(derivePaymentFacts(pi({ status: 'succeeded', amount_received: 1400 }), [], []), [
    { type: 'payment.succeeded', data: { ...ref, amount: 1400, currency: 'eur' } },
  ]);
  t.same(derivePaymentFacts(pi({ status: 'canceled', cancellation_reason: 'abandoned' }), [], [])[0]?.data, { ...ref, reason: 'abandoned' });
  t.same(derivePaymentFacts(pi({}), [], []), [], 'nothing happened yet');
  t.same(derivePaymentFacts(pi({ status: 'processing' }), [], []), []);
  t.same(derivePaymentFacts(pi({ status: 'requires_action' }), [], []), [], '3-D Secure still to do: the order waits');
  t.same(derivePaymentFacts(pi({ status: 'succeeded', metadata: {} }), [refund('re_1', 100, 'succeeded')], []), [], 'not one of our orders');
});

t.test("a failure keeps both of Stripe's codes: the error code and the issuer's decline code", async (t) => {
  const declined = pi({
    last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  });
  t.same(derivePaymentFacts(declined, [], [])[0]?.data, {
    ...ref,
    failure: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  });
  const threeDs = pi({
    last_payment_error: { type: 'invalid_request_error', code: 'payment_intent_authentication_failure', message: 'failed authentication' },
  });
  t.same(derivePaymentFacts(threeDs, [], [])[0]?.data, {
    ...ref,
    failure: { code: 'payment_intent_authentication_failure', declineCode: null, message: 'failed authentication' },
  });
});

t.test("each refund and each dispute is a fact of its own, beside the payment's", async (t) => {
  const facts = derivePaymentFacts(
    pi({ status: 'succeeded', amount_received: 1400 }),
    [refund('re_1', 400, 'succeeded'), refund('re_2', 300, 'failed', 'expired_or_canceled_card'), refund('re_3', 200, 'requires_action')],
    [dispute('dp_1', 'needs_response')],
  );
  t.same(
    facts.map((f) => f.type),
    ['payment.succeeded', 'payment.refund_updated', 'payment.refund_updated', 'payment.dispute_updated'],
    'a status the order does not know is left out',
  );
  const payment = { amount: 1400, currency: 'eur' };
  t.same(facts[2]?.data, {
    ...ref,
    payment,
    refund: { id: 're_2', amount: 300, currency: 'eur', status: 'failed', failureReason: 'expired_or_canceled_card' },
  });
  t.same(facts[3]?.data, { ...ref, payment, dispute: { id: 'dp_1', amount: 1400, currency: 'eur', status: 'needs_response', reason: 'fraudulent' } });
});

t.test('the same fact always has the same event id; a new status of a refund or dispute a new one', async (t) => {
  const ids = (status: string) =>
    derivePaymentFacts(pi({ status: 'succeeded' }), [refund('re_1', 400, status)], [dispute('dp_1', status as never)]).map(factEventId);
  t.same(ids('succeeded'), ['payment.succeeded:pi_1', 'payment.refund_updated:re_1:succeeded', 'payment.dispute_updated:dp_1:succeeded']);
  t.same(ids('succeeded'), ids('succeeded'));
  t.not(ids('failed')[1], ids('succeeded')[1]);
});

t.test("a waiting intent's state is what the frontend needs", async (t) => {
  t.same(
    intentState(
      pi({
        status: 'requires_action',
        next_action: { type: 'redirect_to_url', redirect_to_url: { url: 'https://bank/3ds', return_url: 'https://shop' } } as never,
      }),
    ),
    {
      status: 'requires_action',
      nextAction: { type: 'redirect_to_url', redirectUrl: 'https://bank/3ds' },
    },
  );
  t.same(intentState(pi({ status: 'processing' })), { status: 'processing', nextAction: null });
});
