import t from 'tap';
import { checkedEnvelope, createEvent, validateEnvelope } from '../src/codec.js';

const linked = { userId: 'usr_1', dolibarrCustomerId: 7 };

t.test('an envelope this process checked is published as it is; any other object is checked', async (t) => {
  const made = createEvent('crm.customer.linked', linked);
  t.equal(checkedEnvelope(made), made, 'made by createEvent: not checked again');
  const revalidated = validateEnvelope(structuredClone(made));
  t.equal(checkedEnvelope(revalidated), revalidated, 'returned by validateEnvelope: not checked again');

  const copy = structuredClone(made);
  const published = checkedEnvelope(copy);
  t.not(published, copy, 'a copy read back from a store is checked (validateEnvelope answers a new object)');
  t.same(published, made);

  t.throws(() => checkedEnvelope({ ...copy, data: { userId: '', dolibarrCustomerId: 0 } }), { name: 'InvalidEventError' }, 'an invalid copy is refused');
  t.throws(
    () => checkedEnvelope({ ...made, data: { userId: '', dolibarrCustomerId: 0 } }),
    { name: 'InvalidEventError' },
    'so is a changed spread of a checked one',
  );
});
