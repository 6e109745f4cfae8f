import t from 'tap';
import { DolibarrError } from '../src/dolibarr/dolibarr-error.js';
import { describeFailure } from '../src/failure.js';

t.test('addresses quoted in Dolibarr error texts never reach the status or the logs', async (t) => {
  const quoted = new DolibarrError('refused', "Error when validating parameter sqlfilters -> (t.email:=:'Zoe.Dupre+shop@Example.co.uk')", { status: 400 });
  const { reason, category, message } = describeFailure(quoted);
  t.equal(reason, 'refused');
  t.equal(category, 'refused');
  t.equal(message, "Dolibarr refused the request: Error when validating parameter sqlfilters -> (t.email:=:'[email]')");
  t.notMatch(describeFailure(new DolibarrError('auth', 'denied for a@b.io', { status: 403 })).message, /a@b\.io/);
  t.notMatch(describeFailure(new Error('value not allowed in a Dolibarr query: "x@y.fr"')).message, /x@y\.fr/);
});

t.test('messages without an address are kept as they are', async (t) => {
  t.same(describeFailure(new DolibarrError('timeout', 'Dolibarr did not answer GET /thirdparties within 5000 ms')), {
    reason: 'timeout',
    category: 'outage',
    message: 'Dolibarr did not answer GET /thirdparties within 5000 ms',
  });
  t.match(describeFailure(new DolibarrError('wrong_url', 'x', { status: 501 })), { reason: 'wrong_url', category: 'configuration' });
});
