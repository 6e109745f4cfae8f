import t from 'tap';
import { expand } from '../src/expand.js';
import { EmulatorStore, type Obj } from '../src/store.js';

t.test('expanding leaves what is stored as it was (ids stay ids), and a later change shows in the next read', async (t) => {
  const store = new EmulatorStore('2026-10-28.endive');
  const customer = store.save({ id: 'cus_1', object: 'customer', created: 1, email: 'a@example.com' } as Obj);
  const charge = store.save({ id: 'ch_1', object: 'charge', created: 1, customer: 'cus_1', amount_refunded: 0 } as Obj);
  const intent = store.save({ id: 'pi_1', object: 'payment_intent', created: 1, latest_charge: 'ch_1', customer: 'cus_1' } as Obj);

  const once = expand(store, intent, ['latest_charge.customer', 'customer']);
  t.match(once, { latest_charge: { id: 'ch_1', customer: { id: 'cus_1', email: 'a@example.com' } }, customer: { id: 'cus_1' } });
  t.equal(intent.latest_charge, 'ch_1', 'the stored PaymentIntent still names its charge by id');
  t.equal(charge.customer, 'cus_1', 'and the stored charge its customer');
  t.equal(store.get('payment_intent', 'pi_1'), intent);

  charge.amount_refunded = 500;
  customer.email = 'b@example.com';
  const again = expand(store, intent, ['latest_charge.customer']);
  t.match(again, { latest_charge: { amount_refunded: 500, customer: { email: 'b@example.com' } } }, 'the next read shows the change');
});
