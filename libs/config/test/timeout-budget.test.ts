import t from 'tap';
import { checkoutChainMs, fitStripeCall, handlerBudgetMs, loadConfig, stripeCallMs, timeoutBudgetProblems, timeoutVars, env } from '@lumira/config';

t.test("a Stripe call's worst case: every try to its timeout plus stripe-node's retry sleeps", async (t) => {
  t.equal(stripeCallMs(8_000), 3 * 8_000 + 500 + 1_000);
  t.equal(stripeCallMs(8_000, 0), 8_000);
  t.equal(stripeCallMs(1_000, 5), 6 * 1_000 + 500 + 1_000 + 2_000 + 4_000 + 5_000, 'each sleep is capped at 5 s');
});

t.test('the defaults keep both chains inside their limits', async (t) => {
  // The defaults as the variables declare them (payment's and the common ones), read the way a process reads them.
  const c = loadConfig(
    't',
    {
      STRIPE_TIMEOUT_MS: env.int({ description: '', default: '8000' }),
      BUS_ACK_WAIT_MS: env.int({ description: '', default: '30000' }),
      CHECKOUT_TIMEOUT_MS: env.int({ description: '', default: '12000' }),
      ...timeoutVars,
    },
    {},
  );
  t.same(timeoutBudgetProblems(c), []);
  t.ok(stripeCallMs(c.STRIPE_TIMEOUT_MS) < handlerBudgetMs(c.STRIPE_TIMEOUT_MS));
  t.ok(handlerBudgetMs(c.STRIPE_TIMEOUT_MS) < c.BUS_ACK_WAIT_MS);
  t.ok(checkoutChainMs(c.CHECKOUT_TIMEOUT_MS) < c.UPSTREAM_TIMEOUT_MS);
});

t.test('the old defaults (Stripe 10 s × 3 against a 30 s ack wait) are refused in one line naming the variables', async (t) => {
  const problems = timeoutBudgetProblems({ STRIPE_TIMEOUT_MS: 10_000, BUS_ACK_WAIT_MS: 30_000, CHECKOUT_TIMEOUT_MS: 12_000, UPSTREAM_TIMEOUT_MS: 15_000 });
  t.equal(problems.length, 1);
  t.match(problems[0], /^STRIPE_TIMEOUT_MS, BUS_ACK_WAIT_MS: .*33500 ms.*not below BUS_ACK_WAIT_MS 30000/);
  t.notMatch(problems[0], /\n/);
});

t.test('a checkout deadline that leaves the gateway no room is refused', async (t) => {
  const problems = timeoutBudgetProblems({ STRIPE_TIMEOUT_MS: 8_000, BUS_ACK_WAIT_MS: 30_000, CHECKOUT_TIMEOUT_MS: 14_000, UPSTREAM_TIMEOUT_MS: 15_000 });
  t.equal(problems.length, 1);
  t.match(problems[0], /^CHECKOUT_TIMEOUT_MS, UPSTREAM_TIMEOUT_MS: .*16500 ms.*UPSTREAM_TIMEOUT_MS 15000/);
  t.same(
    timeoutBudgetProblems({ STRIPE_TIMEOUT_MS: 8_000, BUS_ACK_WAIT_MS: 30_000, CHECKOUT_TIMEOUT_MS: 14_000, UPSTREAM_TIMEOUT_MS: 20_000 }),
    [],
    'raising the gateway timeout fixes it',
  );
});

t.test('a Stripe call near a deadline: fewer retries, then one shorter try, then none', async (t) => {
  t.same(fitStripeCall(60_000, 8_000), { timeout: 8_000, maxNetworkRetries: 2 });
  t.same(fitStripeCall(20_000, 8_000), { timeout: 8_000, maxNetworkRetries: 1 });
  t.same(fitStripeCall(9_000, 8_000), { timeout: 8_000, maxNetworkRetries: 0 });
  t.same(fitStripeCall(3_000.7, 8_000), { timeout: 3_000, maxNetworkRetries: 0 });
  t.equal(fitStripeCall(0, 8_000), null);
});
