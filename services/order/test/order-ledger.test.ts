import t from 'tap';
import { applyDispute, applyRefund, settle, type DisputeEntry, type RefundEntry } from '../src/order-ledger.js';

const now = new Date('2026-12-01T10:00:00Z');
const refund = (id: string, amount: number, status: RefundEntry['status']) => ({
  id,
  amount,
  status,
  failureReason: status === 'failed' ? 'expired_or_canceled_card' : null,
});
const dispute = (id: string, status: string, amount = 4900) => ({ id, amount, status, reason: 'fraudulent' });

t.test('each refund is announced once, whatever the order and number of its reports', async (t) => {
  let r = applyRefund([], refund('re_1', 1000, 'succeeded'), now);
  t.match(r, { changed: true, change: 'refunded' });
  t.match(applyRefund(r.refunds, refund('re_1', 1000, 'succeeded'), now), { changed: false, change: null }, 'a repeat');
  t.match(applyRefund(r.refunds, refund('re_1', 1000, 'pending'), now), { changed: false, change: null }, 'an older status arriving late');
  r = applyRefund(r.refunds, refund('re_2', 500, 'pending'), now);
  t.match(r, { change: 'refunded' }, 'a second refund is its own');
  t.match(applyRefund(r.refunds, refund('re_2', 500, 'succeeded'), now), { changed: true, change: null }, 'pending → succeeded was already counted');
  t.equal(r.refunds.length, 2);
});

t.test('a counted refund that fails is undone; one that never counted is recorded and stays out', async (t) => {
  const counted = applyRefund([], refund('re_1', 1000, 'succeeded'), now).refunds;
  const failed = applyRefund(counted, refund('re_1', 1000, 'failed'), now);
  t.match(failed, { changed: true, change: 'refund_failed' });
  t.match(applyRefund(failed.refunds, refund('re_1', 1000, 'succeeded'), now), { changed: false }, 'a stale success after the failure changes nothing');
  const neverCounted = applyRefund([], refund('re_9', 700, 'failed'), now);
  t.match(neverCounted, { changed: true, change: null });
  t.equal(settle(4900, neverCounted.refunds, []).amountRefunded, 0);
});

t.test('a dispute opens once and closes once', async (t) => {
  const opened = applyDispute([], dispute('dp_1', 'needs_response'), now);
  t.match(opened, { changed: true, change: 'disputed' });
  const review = applyDispute(opened.disputes, dispute('dp_1', 'under_review'), now);
  t.match(review, { changed: true, change: null }, 'moving between open statuses says nothing');
  const won = applyDispute(review.disputes, dispute('dp_1', 'won'), now);
  t.match(won, { changed: true, change: 'dispute_closed' });
  t.match(applyDispute(won.disputes, dispute('dp_1', 'needs_response'), now), { changed: false }, 'a closed dispute stays closed');
  t.match(applyDispute([], dispute('dp_2', 'lost'), now), { changed: true, change: 'dispute_closed' }, 'first seen closed');
});

t.test('settling: a partial refund keeps access, a full one revokes it; a dispute suspends it until decided', async (t) => {
  const refunds = (...rs: ReturnType<typeof refund>[]) => rs.map((r): RefundEntry => ({ ...r, updatedAt: now }));
  const disputes = (...ds: ReturnType<typeof dispute>[]) => ds.map((d): DisputeEntry => ({ ...d, updatedAt: now }));
  t.same(settle(4900, refunds(refund('re_1', 1000, 'succeeded'), refund('re_2', 500, 'pending')), []), {
    amountRefunded: 1500,
    amountChargedBack: 0,
    fullyReturned: false,
    access: 'active',
  });
  t.same(settle(4900, refunds(refund('re_1', 4000, 'succeeded'), refund('re_2', 900, 'succeeded')), []), {
    amountRefunded: 4900,
    amountChargedBack: 0,
    fullyReturned: true,
    access: 'revoked',
  });
  t.equal(settle(4900, refunds(refund('re_1', 4900, 'failed')), []).access, 'active');
  t.equal(settle(4900, [], disputes(dispute('dp_1', 'warning_needs_response'))).access, 'suspended', 'an inquiry suspends too');
  t.equal(settle(4900, [], disputes(dispute('dp_1', 'won'))).access, 'active');
  t.same(
    settle(4900, [], disputes(dispute('dp_1', 'lost'))),
    { amountRefunded: 0, amountChargedBack: 4900, fullyReturned: true, access: 'revoked' },
    'lost: treated as refunded',
  );
});
