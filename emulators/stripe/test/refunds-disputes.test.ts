import t from 'tap';
import { eventsAbout, startEmulator } from './support/emulator.js';

const { emulator, stripe } = await startEmulator(t, { timing: { refundMs: 60_000, disputeMs: 60_000, disputeDecisionMs: 60_000 } });
const paid = async (pm: string) =>
  await stripe.paymentIntents.confirm((await stripe.paymentIntents.create({ amount: 4900, currency: 'eur' })).id, { payment_method: pm });

t.test('a refund of pm_card_refundFail succeeds, then fails later: the money comes back to the account', async (t) => {
  const pi = await paid('pm_card_refundFail');
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
  t.equal(refund.status, 'succeeded');
  t.equal((await stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded, 1000);
  emulator.runScheduled();
  t.match(await stripe.refunds.retrieve(refund.id), { status: 'failed', failure_reason: 'expired_or_canceled_card' });
  t.match(await stripe.charges.retrieve(pi.latest_charge as string), { amount_refunded: 0, refunded: false });
  const types = eventsAbout(emulator, refund.id).map((e) => e.type);
  t.same(types, ['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated']);
  t.same(eventsAbout(emulator, refund.id).at(-1)?.data.previous_attributes, { status: 'succeeded' });
});

t.test('a refund of pm_card_pendingRefund is pending, then succeeds', async (t) => {
  const pi = await paid('pm_card_pendingRefund');
  const refund = await stripe.refunds.create({ payment_intent: pi.id });
  t.equal(refund.status, 'pending');
  emulator.runScheduled();
  t.equal((await stripe.refunds.retrieve(refund.id)).status, 'succeeded');
  t.same(
    eventsAbout(emulator, refund.id).map((e) => e.type),
    ['refund.created', 'refund.updated', 'charge.refund.updated'],
  );
});

t.test('pm_card_createDispute: a dispute opens, funds are withdrawn; winning evidence wins it back', async (t) => {
  const pi = await paid('pm_card_createDispute');
  t.same((await stripe.disputes.list({ payment_intent: pi.id })).data, [], 'not before Stripe opens it');
  emulator.runScheduled();
  const [dispute] = (await stripe.disputes.list({ payment_intent: pi.id })).data;
  t.match(dispute, { status: 'needs_response', reason: 'fraudulent', amount: 4900, payment_intent: pi.id, charge: pi.latest_charge });
  t.equal((await stripe.charges.retrieve(pi.latest_charge as string)).disputed, true);
  await t.rejects(stripe.refunds.create({ payment_intent: pi.id }), { code: 'charge_disputed' }, 'a disputed charge cannot be refunded');
  const updated = await stripe.disputes.update(dispute!.id, { evidence: { uncategorized_text: 'winning_evidence' } });
  t.match(updated, { status: 'under_review', evidence_details: { has_evidence: true, submission_count: 1 } });
  emulator.runScheduled();
  t.equal((await stripe.disputes.retrieve(dispute!.id)).status, 'won');
  t.same(
    eventsAbout(emulator, dispute!.id).map((e) => e.type),
    ['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_reinstated'],
  );
  await t.rejects(stripe.disputes.close(dispute!.id), { statusCode: 400, message: /already closed/ }, 'a closed dispute cannot be closed again');
});

t.test('accepting a dispute loses it; losing evidence loses it; an inquiry is a warning', async (t) => {
  const accepted = await paid('pm_card_createDisputeProductNotReceived');
  const argued = await paid('pm_card_createDispute');
  const inquiry = await paid('pm_card_createDisputeInquiry');
  emulator.runScheduled();
  const disputeOf = async (id: string) => (await stripe.disputes.list({ payment_intent: id })).data[0]!;
  t.match(await stripe.disputes.close((await disputeOf(accepted.id)).id), { status: 'lost', reason: 'product_not_received' });
  await stripe.disputes.update((await disputeOf(argued.id)).id, { evidence: { uncategorized_text: 'losing_evidence' } });
  const warning = await disputeOf(inquiry.id);
  t.match(warning, { status: 'warning_needs_response', is_charge_refundable: true });
  await stripe.disputes.update(warning.id, { evidence: { uncategorized_text: 'winning_evidence' } });
  emulator.runScheduled();
  t.equal((await disputeOf(argued.id)).status, 'lost');
  t.equal((await disputeOf(inquiry.id)).status, 'warning_closed');
  t.notOk(
    eventsAbout(emulator, warning.id).some((e) => e.type === 'charge.dispute.funds_withdrawn'),
    'an inquiry withdraws nothing',
  );
});
