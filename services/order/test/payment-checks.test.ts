import t from 'tap';
import { claimDue, settleClaim } from '@lumira/store';
import { tempStore } from '@lumira/testing';
import { countOverdueChecks, createPaymentCheckIndexes, schedulePaymentCheck, type PaymentCheckDoc } from '../src/payment-checks.js';

t.test('overdue checks: open ones due more than a window ago, never the done ones', async (t) => {
  const checks = (await tempStore(t)).forService('order').collection<PaymentCheckDoc>('paymentChecks');
  await createPaymentCheckIndexes(checks);
  const window = 60_000;
  await schedulePaymentCheck(checks, 'ord_late', 'pi_1', 0);
  await schedulePaymentCheck(checks, 'ord_done', 'pi_2', 0);
  await schedulePaymentCheck(checks, 'ord_future', 'pi_3', window);
  // As the sweep settles a check it holds (pending-sweep.ts, `done`).
  const claimed = await claimDue(checks, 60_000, 'ord_done');
  t.ok(claimed && (await settleClaim(checks, claimed, { $unset: { dueAt: '' }, $set: { doneAt: new Date() } })));
  t.equal(await countOverdueChecks(checks, window), 0, 'nothing is a window late yet');
  t.equal(await countOverdueChecks(checks, window, Date.now() + window + 1000), 1, 'a window later only the open, due check counts');
  t.equal(await countOverdueChecks(checks, window, Date.now() + 2 * window + 1000), 2, 'the later one joins it');
});
