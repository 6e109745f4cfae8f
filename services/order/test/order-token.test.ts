import t from 'tap';
import { bearerToken, orderTokens } from '../src/order-token.js';

t.test('tokens verify for their own order only', async (t) => {
  const tokens = orderTokens('s'.repeat(32));
  const token = tokens.issue('ord_a');
  t.equal(tokens.issue('ord_a'), token, 'deterministic');
  t.ok(tokens.verify('ord_a', token));
  t.notOk(tokens.verify('ord_b', token));
  t.notOk(tokens.verify('ord_a', undefined));
  t.notOk(tokens.verify('ord_a', token.slice(1)));
  t.notOk(orderTokens('x'.repeat(32)).verify('ord_a', token), 'another secret');
});

t.test('only a well-formed bearer header yields a token', async (t) => {
  t.equal(bearerToken('Bearer abc_-9'), 'abc_-9');
  t.equal(bearerToken('bearer abc'), undefined);
  t.equal(bearerToken('Bearer a b'), undefined);
  t.equal(bearerToken(undefined), undefined);
});
