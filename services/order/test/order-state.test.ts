import t from 'tap';
import { awaitingPayment, nextStatus } from '../src/order-state.js';

t.test('orders only move forward', async (t) => {
  t.equal(nextStatus('pending', 'succeeded'), 'completed');
  t.equal(nextStatus('failed', 'succeeded'), 'completed', 'another card after a decline');
  t.equal(nextStatus('pending', 'failed'), 'failed');
  t.equal(nextStatus('completed', 'failed'), null, 'a late failure never undoes a payment');
  t.equal(nextStatus('completed', 'canceled'), null);
  t.equal(nextStatus('completed', 'succeeded'), null, 'completion happens once');
  t.equal(nextStatus('refunded', 'succeeded'), null, 'a stale success after a refund changes nothing');
  t.equal(nextStatus('canceled', 'succeeded'), null);
});

t.test('a refund or dispute reported for an order still waiting means it was paid', async (t) => {
  t.ok(awaitingPayment('pending'));
  t.ok(awaitingPayment('failed'));
  t.notOk(awaitingPayment('completed'));
  t.notOk(awaitingPayment('canceled'));
});
