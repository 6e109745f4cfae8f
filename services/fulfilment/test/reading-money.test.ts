import t from 'tap';
import type { EventData } from '@lumira/contracts';
import { markMoney, noMoneyEvents, standingOf, workStatusOf, type MoneyEvent, type ReadingMoney } from '../src/reading-money.js';

const facts = {
  orderId: 'ord_1',
  userId: 'usr_1',
  customerEmail: 'a@b.co',
  customerName: null,
  locale: 'fr',
  productId: 'intuitive',
  level: 2,
  productName: 'Intuitive',
  amount: 1400,
  currency: 'eur',
  free: false,
  paymentIntentId: 'pi_1',
} as const;
const at = new Date().toISOString();
const refunded = (refundId: string | undefined, amountRefunded: number): MoneyEvent => ({
  type: 'order.refunded',
  data: { ...facts, ...(refundId ? { refundId } : {}), amountRefunded, refundedAt: at } as EventData<'order.refunded'>,
});
const failed = (refundId: string, amountFailed: number): MoneyEvent => ({
  type: 'order.refund_failed',
  data: { ...facts, refundId, amountFailed, totalRefunded: 0, reason: null, accessStatus: 'active', failedAt: at },
});
const opened = (disputeId: string, amountDisputed = 1400): MoneyEvent => ({
  type: 'order.disputed',
  data: { ...facts, disputeId, amountDisputed, reason: 'fraudulent', status: 'needs_response', accessStatus: 'suspended', disputedAt: at },
});
const closed = (disputeId: string, outcome: 'won' | 'lost', amountDisputed = 1400): MoneyEvent => ({
  type: 'order.dispute_closed',
  data: { ...facts, disputeId, amountDisputed, outcome, status: outcome, accessStatus: 'active', closedAt: at },
});

const replay = (events: MoneyEvent[]): ReadingMoney => events.reduce((money, e) => markMoney(money, e).money, noMoneyEvents);

/** Every order of the events, so shuffles are checked exhaustively rather than by luck. */
function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

t.test('only the whole price returned revokes; a partial refund keeps the reading', async (t) => {
  t.same(standingOf(1400, replay([refunded('re_1', 400)])), { access: 'active' });
  t.same(standingOf(1400, replay([refunded('re_1', 400), refunded('re_2', 1000)])), { access: 'revoked', reason: 'refunded' });
  t.same(
    standingOf(1400, replay([refunded(undefined, 400), refunded(undefined, 1400)])),
    { access: 'revoked', reason: 'refunded' },
    'the older event: a running total',
  );
  t.same(
    standingOf(1400, replay([refunded(undefined, 1400), refunded(undefined, 400)])),
    { access: 'revoked', reason: 'refunded' },
    'an older running total arriving late lowers nothing',
  );
  t.same(standingOf(0, noMoneyEvents), { access: 'active' }, 'a free order has nothing to return');
});

t.test('a failed refund is undone, and stays failed whatever arrives after', async (t) => {
  for (const events of permutations([refunded('re_1', 1400), failed('re_1', 1400), refunded('re_1', 1400)])) {
    t.same(standingOf(1400, replay(events)), { access: 'active' }, events.map((e) => e.type).join(' → '));
  }
  t.same(
    standingOf(1400, replay([refunded('re_1', 400), refunded('re_2', 1000), failed('re_2', 1000)])),
    { access: 'active' },
    'the partial one left keeps access',
  );
});

t.test('a dispute suspends, won gives back, lost revokes, in any order and repeated', async (t) => {
  t.same(standingOf(1400, replay([opened('dp_1')])), { access: 'suspended' });
  for (const events of permutations([opened('dp_1'), closed('dp_1', 'won'), opened('dp_1')])) t.same(standingOf(1400, replay(events)), { access: 'active' });
  for (const events of permutations([opened('dp_1'), closed('dp_1', 'lost'), closed('dp_1', 'lost')]))
    t.same(standingOf(1400, replay(events)), { access: 'revoked', reason: 'dispute_lost' });
  t.same(standingOf(1400, replay([opened('dp_1'), closed('dp_2', 'won')])), { access: 'suspended' }, 'another dispute still open');
  t.same(
    standingOf(1400, replay([refunded('re_1', 400), closed('dp_1', 'lost', 1000)])),
    { access: 'revoked', reason: 'dispute_lost' },
    'a refund and a chargeback together return the price',
  );
  t.same(
    standingOf(1400, replay([refunded('re_1', 1400), opened('dp_1')])),
    { access: 'revoked', reason: 'refunded' },
    'refunded: a dispute opened later does not bring it back to suspended',
  );
});

t.test('a repeat changes nothing', async (t) => {
  const once = replay([opened('dp_1'), refunded('re_1', 400)]);
  t.equal(markMoney(once, opened('dp_1')).changed, false);
  t.equal(markMoney(once, refunded('re_1', 400)).changed, false);
  t.equal(markMoney(once, closed('dp_1', 'won')).changed, true);
});

t.test('the work status survives a hold', async (t) => {
  const facts = { deliveredAt: null, claimedBy: null };
  t.equal(workStatusOf({ ...facts, status: 'delivered', resumeStatus: null }), 'delivered');
  t.equal(workStatusOf({ ...facts, status: 'revoked', resumeStatus: 'in_progress' }), 'in_progress');
  t.equal(workStatusOf({ ...facts, status: 'suspended', resumeStatus: null }), 'queued', 'a record made revoked before its order');
  t.equal(
    workStatusOf({ status: 'revoked', resumeStatus: null, deliveredAt: new Date(), claimedBy: 'exp_1' }),
    'delivered',
    'revoked by an older version: its delivery tells',
  );
  t.equal(workStatusOf({ status: 'revoked', resumeStatus: null, deliveredAt: null, claimedBy: 'exp_1' }), 'in_progress', 'and its claim');
});
