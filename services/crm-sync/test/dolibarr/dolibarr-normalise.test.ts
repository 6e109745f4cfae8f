import t from 'tap';
import { normaliseThirdparty, sameStored } from '../../src/dolibarr/dolibarr-normalise.js';

t.test('cleans as Dolibarr 22 cleans', async (t) => {
  t.same(normaliseThirdparty({ name: '  Dave <i>Lune</i> ', email: ' Dave@Example.COM ', phone: '+33 6 12.34.56 78' }), {
    fields: { name: 'Dave Lune', email: 'dave@example.com', phone: '+33612345678' },
    adjusted: [],
  });
  t.equal(normaliseThirdparty({ name: 'Tom &amp; Jerry', email: null, phone: null }).fields.name, 'Tom & Jerry');
  t.equal(normaliseThirdparty({ name: '<b></b>', email: 'a@b.co', phone: null }).fields.name, 'a@b.co', 'an empty name falls back to the email');
});

t.test('fits the columns and says so', async (t) => {
  const long = normaliseThirdparty({ name: `${'é'.repeat(127)}😀xyz`, email: 'a@b.co', phone: '0'.repeat(21) });
  t.equal([...long.fields.name].length, 128, 'cut by characters, emoji kept whole');
  t.equal(long.fields.name.endsWith('😀'), true);
  t.equal(long.fields.phone, null);
  t.match(long.adjusted, [/name cut to 128 characters/, /phone left out/]);
  const longEmail = normaliseThirdparty({ name: 'A', email: `${'a'.repeat(130)}@b.co`, phone: null });
  t.equal(longEmail.fields.email, null);
  t.match(longEmail.adjusted, [/email left out/]);
});

t.test('our write and its echo compare equal once both are cleaned', async (t) => {
  t.ok(sameStored({ name: 'Dave Lune', email: 'dave@example.com', phone: '0612' }, { name: 'Dave <i>Lune</i>', email: 'Dave@example.com', phone: '06 12' }));
  t.notOk(sameStored({ name: 'Dave Soleil', email: 'dave@example.com', phone: null }, { name: 'Dave Lune', email: 'dave@example.com', phone: null }));
  t.notOk(sameStored({ name: 'x', email: null, phone: null }, null));
});
