import t from 'tap';
import { tempDir, waitFor } from '@lumira/testing';
import { startEmulator } from './support/emulator.js';

t.test('in local mode the account survives a restart: objects, events, keys and what Stripe still has to do', async (t) => {
  const data = await tempDir('stripe-emulator-');
  t.teardown(() => data.remove());
  const first = await startEmulator(t, { dataDir: data.dir, timing: { refundMs: 1500 } });
  const customer = await first.stripe.customers.create({ email: 'keep@b.fr' }, { idempotencyKey: 'keep-1' });
  const pi = await first.stripe.paymentIntents.confirm(
    (await first.stripe.paymentIntents.create({ amount: 1400, currency: 'eur', customer: customer.id })).id,
    { payment_method: 'pm_card_refundFail' },
  );
  const refund = await first.stripe.refunds.create({ payment_intent: pi.id });
  const events = first.emulator.events().length;
  await first.emulator.close();

  const second = await startEmulator(t, { dataDir: data.dir, timing: { refundMs: 1500 } });
  t.equal((await second.stripe.paymentIntents.retrieve(pi.id)).status, 'succeeded');
  t.equal((await second.stripe.refunds.retrieve(refund.id)).status, 'succeeded', 'the refund has not failed yet');
  t.equal((await second.stripe.customers.create({ email: 'keep@b.fr' }, { idempotencyKey: 'keep-1' })).id, customer.id, 'a key replays after the restart');
  t.equal(second.emulator.events().length, events);
  t.equal((await second.stripe.events.list({ limit: 1 })).data[0]!.id, first.emulator.events().at(-1)!.id);
  await waitFor(async () => (await second.stripe.refunds.retrieve(refund.id)).status === 'failed', { what: 'the refund failing after the restart' });
  t.equal((await second.stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded, 0);
});
