import t from 'tap';
import { refusal, statusesAccepting, targetOf } from '../src/reading-state.js';

t.test('work goes forward: queued → in_progress → delivered, and a claim can be given back', async (t) => {
  t.same(statusesAccepting('claim'), ['queued']);
  t.equal(targetOf('claim'), 'in_progress');
  t.same(statusesAccepting('release'), ['in_progress']);
  t.equal(targetOf('release'), 'queued');
  t.same(statusesAccepting('deliver'), ['in_progress']);
  t.equal(targetOf('deliver'), 'delivered');
  t.same(statusesAccepting('work'), ['in_progress'], 'files change only while claimed');
});

t.test('money decides the rest: suspend from any live status, revoke from any but revoked', async (t) => {
  t.same(statusesAccepting('suspend'), ['queued', 'in_progress', 'delivered']);
  t.same(statusesAccepting('reinstate'), ['suspended']);
  t.same(statusesAccepting('revoke'), ['queued', 'in_progress', 'delivered', 'suspended']);
  t.notOk(statusesAccepting('revoke').includes('revoked'), 'a revocation is final');
  t.equal(targetOf('revoke'), 'revoked');
});

t.test('a refusal says why', async (t) => {
  t.match(refusal('claim', 'in_progress'), /already claimed/);
  t.match(refusal('deliver', 'delivered'), /already delivered/);
  t.match(refusal('work', 'revoked'), /revoked/);
  t.match(refusal('claim', 'suspended'), /dispute/);
  t.match(refusal('work', 'queued'), /Claim this reading/);
});
