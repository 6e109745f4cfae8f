import t from 'tap';
import { connectionTokens, endToEndHeaders } from '../src/hop-by-hop.js';

t.test('the Connection header lists more hop-by-hop names, in any case and spacing', async (t) => {
  t.same([...connectionTokens(' Keep-Alive ,X-Trace,,x-other ')], ['keep-alive', 'x-trace', 'x-other']);
  t.same([...connectionTokens(['close', 'X-A'])], ['close', 'x-a']);
  t.same([...connectionTokens(undefined)], []);
});

t.test('hop-by-hop headers are dropped, end-to-end ones kept, names lower-cased', async (t) => {
  const kept = endToEndHeaders({
    Connection: 'keep-alive, X-Trace',
    'X-Trace': '1',
    'Keep-Alive': 'timeout=5',
    'Proxy-Authorization': 'Basic x',
    'Proxy-Anything': 'y',
    TE: 'trailers',
    Trailer: 'X-Sum',
    'Transfer-Encoding': 'chunked',
    Upgrade: 'h2c',
    'HTTP2-Settings': 'AAA',
    'Content-Type': 'application/json',
    'Stripe-Signature': 't=1,v1=abc',
    'Set-Cookie': ['a=1', 'b=2'],
    'X-Absent': undefined,
  });
  t.same(kept, { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=abc', 'set-cookie': ['a=1', 'b=2'] });
});

t.test('names to drop as well can be given', async (t) => {
  t.same(endToEndHeaders({ host: 'shop', expect: '100-continue', accept: '*/*' }, ['host', 'expect']), { accept: '*/*' });
});
