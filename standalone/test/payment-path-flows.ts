import type { Test } from 'tap';
import { waitFor } from '@lumira/testing';
import type { TestSystem } from './harness.js';
import { email, opsHelpers } from './ops-helpers.js';

/** The payment path as real Stripe exercises it: 3-D Secure, processing, declines, customers, foreign events, retries. */
export function paymentPathFlows(t: Test, open: () => Promise<TestSystem>): void {
  let s: TestSystem;
  t.before(async () => {
    s = await open();
  });
  const h = opsHelpers(() => s);
  const read = async (orderId: string, orderToken: string) =>
    (await s.api(`/api/orders/${orderId}`, { headers: { authorization: `Bearer ${orderToken}` } })).body;

  t.test("3-D Secure keeps the order pending with the next action; a failed authentication fails it with Stripe's code", async (t) => {
    const address = email('threeds');
    const { orderId, orderToken, paymentIntentId } = await h.buy('intuitive', address);
    await s.stripe.paymentIntents.confirm(paymentIntentId, { payment_method: 'pm_card_threeDSecure2Required' });
    const waiting = await read(orderId, orderToken);
    t.match(
      waiting,
      { status: 'pending', payment: { status: 'requires_action', nextAction: { type: 'use_stripe_sdk' } } },
      'what Stripe.js needs to authenticate',
    );
    s.system.emulator!.authenticate(paymentIntentId, 'fail');
    const failed = await h.until(orderId, address, (o) => o.status === 'failed', 'failed');
    t.match(failed.failure, { code: 'payment_intent_authentication_failure', declineCode: null });
    await s.stripe.paymentIntents.confirm(paymentIntentId, { payment_method: 'pm_card_threeDSecure2Required', return_url: 'https://shop.example/back' });
    t.match(await read(orderId, orderToken), {
      status: 'failed',
      payment: { status: 'requires_action', nextAction: { type: 'redirect_to_url', redirectUrl: /\/_emulator\/3ds\// } },
    });
    s.system.emulator!.authenticate(paymentIntentId, 'complete');
    await h.until(orderId, address, (o) => o.status === 'completed', 'completed once authenticated');
    t.match(await read(orderId, orderToken), { status: 'completed', payment: null });
  });

  t.test('a SEPA debit keeps the order pending while processing, then completes', async (t) => {
    const address = email('sepa');
    const { orderId, orderToken, paymentIntentId } = await h.buy('alchimique', address);
    await s.stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method_data: { type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' } },
    } as never);
    t.match(await read(orderId, orderToken), { status: 'pending', payment: { status: 'processing', nextAction: null } });
    s.system.emulator!.runScheduled();
    await h.until(orderId, address, (o) => o.status === 'completed', 'settled');
  });

  t.test("a declined card is explained in French in the mail, not in Stripe's English", async (t) => {
    const address = email('declined-fr');
    const { orderId, paymentIntentId } = await h.buy('alchimique', address);
    await t.rejects(s.stripe.paymentIntents.confirm(paymentIntentId, { payment_method: 'pm_card_visa_chargeDeclined' }), { code: 'card_declined' });
    await h.until(orderId, address, (o) => o.status === 'failed', 'failed');
    const [mail] = await waitFor(async () => ((await h.mails(orderId)).length === 1 ? await h.mails(orderId) : undefined), { what: 'the mail' });
    t.match(mail, /Votre banque a refus=C3=A9 le paiement|Votre banque a refusé le paiement/);
    t.notMatch(mail, /Your card was declined/);
  });

  t.test('a Stripe 500 on customer creation does not stick to the customer: the next checkout works', async (t) => {
    const address = email('customer500');
    s.system.emulator!.injectFailure({ method: 'POST', path: /^\/v1\/customers$/, status: 500, times: 1 });
    const first = await s.api('/api/payments/create-payment-intent', { method: 'POST', json: { productId: 'intuitive', customerEmail: address } });
    t.equal(first.status, 502, "Stripe's 500, replayed to stripe-node's retry with the same key");
    const second = await s.api('/api/payments/create-payment-intent', { method: 'POST', json: { productId: 'intuitive', customerEmail: address } });
    t.equal(second.status, 200, 'a new attempt is not answered with the stored 500');
    const customers = await s.stripe.customers.list({ email: address });
    t.equal(customers.data.length, 1, 'one Stripe customer');
  });

  t.test('a customer deleted in Stripe is replaced at the next purchase', async (t) => {
    const address = email('deleted-customer');
    await h.paid('intuitive', address);
    const before = (await s.user(address)).stripeCustomerId;
    await s.stripe.customers.del(before);
    const next = await h.buy('alchimique', address);
    const after = await waitFor(
      async () => {
        const id = (await s.user(address)).stripeCustomerId;
        return id !== before ? id : undefined;
      },
      { what: 'the replacement stored' },
    );
    t.equal((await s.stripe.paymentIntents.retrieve(next.paymentIntentId)).customer, after);
    t.match(await s.stripe.customers.retrieve(after), { email: address, metadata: { userId: (await s.user(address)).id } });
  });

  t.test('events about PaymentIntents that are not ours are read once, acknowledged and ignored', async (t) => {
    const noOrder = await s.stripe.paymentIntents.create({ amount: 1400, currency: 'eur' });
    const elsewhere = await s.stripe.paymentIntents.create({ amount: 1400, currency: 'eur', metadata: { orderId: 'ord_of_another_environment' } });
    await s.stripe.paymentIntents.confirm(noOrder.id, { payment_method: 'pm_card_visa' });
    await s.stripe.paymentIntents.confirm(elsewhere.id, { payment_method: 'pm_card_visa' });
    const missing = JSON.stringify({
      id: 'evt_foreign_missing',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: 1,
      data: { object: { id: 'pi_not_in_this_account', object: 'payment_intent' } },
    });
    t.equal((await h.deliver(missing)).status, 200);
    await waitFor(
      async () =>
        (await h.metric('payment', 'payment_foreign_intents_total', 'reason="no_order"')) >= 1 &&
        (await h.metric('payment', 'payment_foreign_intents_total', 'reason="missing"')) >= 1 &&
        (await h.metric('order', 'order_foreign_payment_facts_total', 'reason="unknown_order"')) >= 1,
      { what: 'each counted' },
    );
    await s.system.emulator!.flushWebhooks();
    await new Promise((r) => setTimeout(r, 300));
    t.equal(await h.metric('payment', 'payment_foreign_intents_total', 'reason="missing"'), 1, 'one read of the missing one, no retries');
    t.equal(await h.metric('order', 'order_foreign_payment_facts_total', 'reason="unknown_order"'), 1, "the other environment's order: one fact, ignored once");
  });

  t.test('a webhook rendered at another API version than the pinned one is handled, and counted for the operator', async (t) => {
    const before = await h.metric('payment', 'payment_webhook_api_version_mismatch_total', 'version="2020-08-27"');
    const old = JSON.stringify({
      id: 'evt_old_version',
      object: 'event',
      api_version: '2020-08-27',
      type: 'customer.created',
      created: 1,
      data: { object: { id: 'cus_1', object: 'customer' } },
    });
    t.equal((await h.deliver(old)).status, 200);
    t.equal(await h.metric('payment', 'payment_webhook_api_version_mismatch_total', 'version="2020-08-27"'), before + 1);
    const address = email('pinned');
    await h.paid('intuitive', address);
    t.equal(
      await h.metric('payment', 'payment_webhook_api_version_mismatch_total', 'version="2020-08-27"'),
      before + 1,
      "the emulated account's events are at the pinned version",
    );
  });

  t.test('a checkout retried without Idempotency-Key joins the open purchase instead of making a second one', async (t) => {
    const address = email('no-key');
    const first = await h.buy('integrale', address);
    const [again, concurrent] = await Promise.all([h.buy('integrale', address), h.buy('integrale', address)]);
    t.same([again.orderId, concurrent.orderId], [first.orderId, first.orderId], 'one order');
    t.same([again.paymentIntentId, concurrent.paymentIntentId], [first.paymentIntentId, first.paymentIntentId], 'one PaymentIntent');
    t.not((await h.buy('intuitive', address)).orderId, first.orderId, 'another product is another purchase');
    await s.stripe.paymentIntents.confirm(first.paymentIntentId, { payment_method: 'pm_card_visa' });
    await h.until(first.orderId, address, (o) => o.status === 'completed', 'paid');
    const next = await h.buy('integrale', address);
    t.not(next.orderId, first.orderId, 'once paid, buying again is a new purchase');
    t.not(next.paymentIntentId, first.paymentIntentId);
    const { orders } = await s.admin(`/api/admin/orders?email=${encodeURIComponent(address)}`);
    t.equal(orders.length, 3);
  });
}
