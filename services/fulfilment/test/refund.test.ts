import t from 'tap';
import type { EventData } from '@lumira/contracts';
import { isFullRefund } from '../src/refund.js';

const refund = (over: Record<string, unknown>) =>
  ({ orderId: 'ord_1', userId: 'usr_1', customerEmail: 'a@b.co', customerName: null, locale: 'fr', productId: 'intuitive', level: 2, productName: 'Intuitive', amount: 1400, currency: 'eur', free: false, paymentIntentId: 'pi_1', amountRefunded: 1400, refundedAt: new Date().toISOString(), ...over }) as EventData<'order.refunded'>;

t.test('the event\'s own word wins when it carries `full`', async (t) => {
  t.equal(isFullRefund(refund({ full: true, amountRefunded: 400, totalRefunded: 1400 })), true);
  t.equal(isFullRefund(refund({ full: false, amountRefunded: 1400, totalRefunded: 1400 })), false, 'trusted even against the amounts');
});

t.test('without `full`, the total refunded against the price', async (t) => {
  t.equal(isFullRefund(refund({ amountRefunded: 400, totalRefunded: 1400 })), true, 'the last of several refunds');
  t.equal(isFullRefund(refund({ amountRefunded: 400, totalRefunded: 800 })), false);
  t.equal(isFullRefund(refund({ amountRefunded: 1400 })), true, 'today\'s event: the cumulative refunded amount');
  t.equal(isFullRefund(refund({ amountRefunded: 500 })), false, 'a partial refund');
});
