import type { Test } from 'tap';
import { waitFor } from '@lumira/testing';
import type { TestSystem } from './harness.js';
import { email, opsHelpers } from './ops-helpers.js';

/** Refunds, failed refunds and disputes as Stripe reports them, end to end through the gateway. */
export function refundDisputeFlows(t: Test, open: () => Promise<TestSystem>): void {
  let s: TestSystem;
  t.before(async () => {
    s = await open();
  });
  const h = opsHelpers(() => s);

  t.test('partial refunds keep access, each is one order.refunded and one mail; the last one revokes', async (t) => {
    const address = email('partial');
    const { orderId, paymentIntentId } = await h.paid('integrale', address);
    await s.stripe.refunds.create({ payment_intent: paymentIntentId, amount: 1000 });
    let o = await h.until(orderId, address, (x) => x.amountRefunded === 1000, 'first refund counted');
    t.match(o, { status: 'completed', access: { status: 'active', revokedAt: null } }, 'a partial refund keeps access');
    await s.stripe.refunds.create({ payment_intent: paymentIntentId, amount: 900 });
    o = await h.until(orderId, address, (x) => x.amountRefunded === 1900, 'second refund counted');
    t.equal(o.status, 'completed');
    await s.stripe.refunds.create({ payment_intent: paymentIntentId });
    o = await h.until(orderId, address, (x) => x.status === 'refunded', 'refunded in full');
    t.match(o, { amountRefunded: 4900, access: { status: 'revoked' } });
    t.same(
      o.refunds.map((r: { amount: number; status: string }) => [r.amount, r.status]),
      [
        [1000, 'succeeded'],
        [900, 'succeeded'],
        [3000, 'succeeded'],
      ],
    );
    const kinds = await waitFor(
      async () => {
        const n = await h.notifications(orderId);
        return n.filter((x) => x.status === 'sent').length === 4 ? n.map((x) => x.kind).sort() : undefined;
      },
      { what: 'four mails' },
    );
    t.same(kinds, ['order.completed', 'order.refunded', 'order.refunded', 'order.refunded'], 'one mail per refund');
    t.equal((await h.mails(orderId)).length, 4);
  });

  t.test('a refund that fails later is undone: access is given back and a mail says so', async (t) => {
    const address = email('refundfail');
    const { orderId, paymentIntentId } = await h.paid('alchimique', address, 'pm_card_refundFail');
    await s.stripe.refunds.create({ payment_intent: paymentIntentId });
    await h.until(orderId, address, (x) => x.status === 'refunded' && x.access.status === 'revoked', 'refunded');
    t.ok(s.system.emulator!.runScheduled() >= 1, 'the bank returns the refund');
    const o = await h.until(orderId, address, (x) => x.status === 'completed', 'the refund undone');
    t.match(o, {
      amountRefunded: 0,
      access: { status: 'active', revokedAt: null },
      refunds: [{ status: 'failed', failureReason: 'expired_or_canceled_card' }],
    });
    const kinds = await waitFor(
      async () => {
        const n = await h.notifications(orderId);
        return n.length === 3 ? n.map((x) => x.kind).sort() : undefined;
      },
      { what: 'three mails' },
    );
    t.same(kinds, ['order.completed', 'order.refund_failed', 'order.refunded']);
  });

  t.test('a dispute suspends access; won, it gives it back', async (t) => {
    const address = email('dispute-won');
    const { orderId, paymentIntentId } = await h.paid('intuitive', address, 'pm_card_createDispute');
    s.system.emulator!.runScheduled();
    let o = await h.until(orderId, address, (x) => x.access.status === 'suspended', 'access suspended');
    t.match(o, { status: 'completed', disputes: [{ status: 'needs_response', reason: 'fraudulent', amount: 1400 }] });
    const [dispute] = (await s.stripe.disputes.list({ payment_intent: paymentIntentId })).data;
    await s.stripe.disputes.update(dispute!.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    s.system.emulator!.runScheduled();
    o = await h.until(orderId, address, (x) => x.disputes[0]?.status === 'won', 'dispute won');
    t.match(o, { status: 'completed', access: { status: 'active' }, amountRefunded: 0 });
    t.same(
      (await h.notifications(orderId)).map((n) => n.kind),
      ['order.completed'],
      'no mail to the customer about their own dispute',
    );
  });

  t.test('a lost dispute counts as refunded: access revoked', async (t) => {
    const address = email('dispute-lost');
    const { orderId, paymentIntentId } = await h.paid('intuitive', address, 'pm_card_createDisputeProductNotReceived');
    s.system.emulator!.runScheduled();
    await h.until(orderId, address, (x) => x.access.status === 'suspended', 'access suspended');
    const [dispute] = (await s.stripe.disputes.list({ payment_intent: paymentIntentId })).data;
    await s.stripe.disputes.close(dispute!.id);
    const o = await h.until(orderId, address, (x) => x.status === 'refunded', 'treated as refunded');
    t.match(o, { access: { status: 'revoked' }, disputes: [{ status: 'lost' }] });
  });

  t.test('refund and dispute events delivered five times each, shuffled, give one effect each', async (t) => {
    const address = email('shuffled');
    const { orderId, paymentIntentId } = await h.paid('integrale', address, 'pm_card_createDispute');
    await h.mute();
    t.teardown(() => h.unmute());
    s.system.emulator!.runScheduled();
    const [dispute] = (await s.stripe.disputes.list({ payment_intent: paymentIntentId })).data;
    await s.stripe.disputes.update(dispute!.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    s.system.emulator!.runScheduled();
    await s.stripe.refunds.create({ payment_intent: paymentIntentId, amount: 700 });
    await s.stripe.refunds.create({ payment_intent: paymentIntentId, amount: 300 });
    const events = h
      .eventsAbout(paymentIntentId)
      .filter((e) => e.type.startsWith('charge.dispute.') || e.type.startsWith('refund.') || e.type === 'charge.refunded');
    t.ok(events.length >= 8, `${events.length} events`);
    const deliveries = events.flatMap((e) => Array.from({ length: 5 }, () => JSON.stringify(e))).sort(() => Math.random() - 0.5);
    const replies = await Promise.all(deliveries.map(async (p) => await h.deliver(p)));
    t.ok(replies.every((r) => r.status === 200));
    t.equal(replies.filter((r) => r.body.duplicate === false).length, events.length, 'each event id accepted once');
    const o = await h.until(orderId, address, (x) => x.disputes[0]?.status === 'won' && x.amountRefunded === 1000, 'the payment as Stripe has it now');
    t.match(o, { status: 'completed', access: { status: 'active' } });
    t.same([o.disputes.length, o.refunds.length], [1, 2]);
    const kinds = await waitFor(
      async () => {
        const n = await h.notifications(orderId);
        return n.length >= 3 ? n.map((x) => x.kind).sort() : undefined;
      },
      { what: 'the mails' },
    );
    t.same(kinds, ['order.completed', 'order.refunded', 'order.refunded'], 'one mail per refund, however often it was reported');
  });

  t.test('pending, then refunded: the order is completed first (confirmation, invoice, totals), then refunded', async (t) => {
    const address = email('late-success');
    await h.mute();
    t.teardown(() => h.unmute());
    const { orderId, paymentIntentId } = await h.buy('alchimique', address);
    await s.stripe.paymentIntents.confirm(paymentIntentId, { payment_method: 'pm_card_visa' });
    await s.stripe.refunds.create({ payment_intent: paymentIntentId });
    const [refunded] = h.eventsAbout(paymentIntentId, ['charge.refunded']);
    t.equal((await h.deliver(JSON.stringify(refunded))).status, 200, 'only the refund reaches us');
    const o = await h.until(orderId, address, (x) => x.status === 'refunded', 'refunded');
    t.ok(o.completedAt, 'it was completed on the way');
    const kinds = await waitFor(
      async () => {
        const n = await h.notifications(orderId);
        return n.length === 2 ? n.map((x) => x.kind).sort() : undefined;
      },
      { what: 'two mails' },
    );
    t.same(kinds, ['order.completed', 'order.refunded'], 'the confirmation is not skipped');
    await waitFor(async () => (await s.user(address))?.totalOrders === 1, { what: 'the purchase counted' });
  });
}
