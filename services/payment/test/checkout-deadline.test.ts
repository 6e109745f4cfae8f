import t from 'tap';
import { checkoutDeadline } from '../src/checkout-deadline.js';

t.test('each step gets what remains of the checkout deadline, then the checkout ends with a 503', async (t) => {
  let now = 1_000;
  const deadline = checkoutDeadline({ checkoutMs: 12_000, stripeMs: 3_000 }, () => now);
  t.same(deadline.stripe(), { timeout: 3_000, maxNetworkRetries: 2 }, 'a whole Stripe call fits at the start');
  t.same(deadline.rpc('c1'), { correlationId: 'c1', timeoutMs: 12_000 });
  now += 8_000;
  t.same(deadline.stripe(), { timeout: 3_000, maxNetworkRetries: 0 }, 'one try fits, not its retries');
  t.same(deadline.rpc('c1'), { correlationId: 'c1', timeoutMs: 4_000 });
  now += 2_500;
  t.same(deadline.stripe(), { timeout: 1_500, maxNetworkRetries: 0 }, 'a try cut to what remains');
  now += 1_500;
  t.throws(() => deadline.stripe(), { code: 'CHECKOUT_TIMEOUT', statusCode: 503 });
  t.throws(() => deadline.rpc('c1'), { code: 'CHECKOUT_TIMEOUT' });
});
