import t from 'tap';
import type { EventData } from '@lumira/contracts';
import { waitFor } from '@lumira/testing';
import { crmHarness, type CrmHarness } from './crm-harness.js';

type Order = EventData<'order.completed'>;
const iso = () => new Date().toISOString();
const refunded = (o: Order, refundId: string, amount = o.amount) => ({
  ...o,
  refundId,
  amountRefunded: amount,
  totalRefunded: amount,
  full: amount >= o.amount,
  accessStatus: 'revoked' as const,
  refundedAt: iso(),
});
const refundFailed = (o: Order, refundId: string, amount = o.amount) => ({
  ...o,
  refundId,
  amountFailed: amount,
  totalRefunded: 0,
  reason: 'expired_or_canceled_card',
  accessStatus: 'active' as const,
  failedAt: iso(),
});
const disputeClosed = (o: Order, disputeId: string, outcome: 'won' | 'lost') => ({
  ...o,
  disputeId,
  amountDisputed: o.amount,
  outcome,
  status: outcome,
  accessStatus: outcome === 'lost' ? ('revoked' as const) : ('active' as const),
  closedAt: iso(),
});

/** Every document of the order in Dolibarr, and what they and their bank lines add up to, in cents. */
function books(h: CrmHarness, orderId: string) {
  const documents = h.dolibarr.invoices().filter((i) => i.ref_ext === orderId || (i.ref_ext ?? '').startsWith(`${orderId}-`));
  const ids = new Set(documents.map((d) => d.id));
  const cents = (euros: number | string) => Math.round(Number(euros) * 100);
  const total = documents.reduce((sum, d) => sum + cents(d.total_ttc), 0);
  const bank = h.dolibarr
    .payments()
    .flatMap((p) => p.amounts)
    .filter((a) => ids.has(a.invoiceId))
    .reduce((sum, a) => sum + cents(a.amount), 0);
  return { documents, total, bank, refs: documents.map((d) => d.ref_ext).sort() };
}

async function paidOrder(h: CrmHarness, tag: string): Promise<Order> {
  const u = await h.newUser(tag);
  const o = h.order(u.userId, u.email);
  await h.bus.publish('order.completed', o);
  await waitFor(() => h.invoicesFor(o.orderId).some((i) => i.paye === 1), { what: 'the paid invoice' });
  return o;
}

const settled = (h: CrmHarness, ids: string[]) =>
  waitFor(async () => (await Promise.all(ids.map((id) => h.job(id)))).every((j) => j?.status === 'done'), { what: `${ids.join(', ')} done` });

t.test('a refund that failed after its credit note was pushed: an invoice cancels the note, the books are back at the price', async (t) => {
  const h = await crmHarness(t);
  const o = await paidOrder(h, 'reversal');
  await h.bus.publish('order.refunded', refunded(o, 're_rev'));
  const note = await waitFor(() => h.invoicesFor(`${o.orderId}-re_rev`).find((i) => i.paye === 1), { what: 'the credit note paid back' });
  await h.bus.publish('order.refund_failed', refundFailed(o, 're_rev'));
  await h.bus.publish('order.refund_failed', refundFailed(o, 're_rev'));
  const reversal = await waitFor(() => h.invoicesFor(`${o.orderId}-re_rev-reversal`).find((i) => i.paye === 1), { what: 'the reversal paid' });
  await settled(h, ['credit-note-reversal:re_rev', 'credit-note:re_rev']);
  t.equal(reversal.type, 0, 'a standard invoice: a validated credit note is never deleted');
  t.match(reversal.ref, /^FA\d{4}-\d{4}$/, 'validated, with its number');
  t.match(reversal.lines[0]?.desc, new RegExp(`Annulation de l'avoir ${note.ref}`));
  t.equal(Math.round(Number(reversal.total_ttc) * 100), 1400);
  const after = books(h, o.orderId);
  t.same(after.refs, [o.orderId, `${o.orderId}-re_rev`, `${o.orderId}-re_rev-reversal`], 'invoice, credit note, reversal: once each despite the repeat');
  t.equal(after.total, 1400, 'the documents add up to what the customer paid');
  t.equal(after.bank, 1400, 'and so do their bank lines');

  await h.bus.publish('order.refunded', refunded(o, 're_rev'));
  const audit = (await h.admin('/api/admin/crm/audit')).json();
  t.same(
    audit.findings.filter((f: { orderId: string }) => f.orderId === o.orderId),
    [],
    'the audit expects no credit note of a failed refund',
  );
  t.same(books(h, o.orderId).refs, after.refs, 'a replayed refund makes nothing');
});

t.test('a refund that failed before its credit note was pushed: the note is never made', async (t) => {
  const h = await crmHarness(t);
  const o = await paidOrder(h, 'cancel');
  h.dolibarr.setMode('down');
  await h.bus.publish('order.refunded', refunded(o, 're_cancel'));
  await h.bus.publish('order.refund_failed', refundFailed(o, 're_cancel'));
  await waitFor(
    async () => {
      const job = await h.job('credit-note:re_cancel');
      return job?.kind === 'credit-note' && job.canceled;
    },
    { what: 'the credit note job cancelled' },
  );
  h.dolibarr.setMode('up');
  await settled(h, ['credit-note:re_cancel', 'credit-note-reversal:re_cancel']);
  const after = books(h, o.orderId);
  t.same(after.refs, [o.orderId], 'only the invoice');
  t.equal(after.total, 1400);
  t.equal(after.bank, 1400);
  t.match((await h.job('credit-note-reversal:re_cancel'))?.notes, [/never reached Dolibarr/]);

  const early = await paidOrder(h, 'early');
  await h.bus.publish('order.refund_failed', refundFailed(early, 're_early'));
  await h.bus.publish('order.refunded', refunded(early, 're_early'));
  await settled(h, ['credit-note:re_early', 'credit-note-reversal:re_early']);
  t.same(books(h, early.orderId).refs, [early.orderId], 'the failure seen before its refund: nothing pushed either');
});

t.test('a lost dispute is a credit note for the disputed amount, once however often it is told; a won one changes nothing', async (t) => {
  const h = await crmHarness(t);
  const lost = await paidOrder(h, 'lost');
  const won = await paidOrder(h, 'won');
  await h.bus.publish('order.dispute_closed', disputeClosed(won, 'dp_won', 'won'));
  for (let i = 0; i < 3; i++) await h.bus.publish('order.dispute_closed', disputeClosed(lost, 'dp_lost', 'lost'));
  const note = await waitFor(() => h.invoicesFor(`${lost.orderId}-dp_lost`).find((i) => i.paye === 1), { what: 'the chargeback credit note' });
  await settled(h, ['chargeback:dp_lost']);
  t.equal(note.type, 2, 'a credit note');
  t.equal(note.fk_facture_source, h.invoicesFor(lost.orderId)[0]?.id, 'on the order invoice');
  t.equal(Math.round(Number(note.total_ttc) * 100), -1400);
  t.match(
    h.dolibarr.payments().filter((p) => p.num_payment === 'dp_lost'),
    [{ amounts: [{ invoiceId: note.id, amount: -14 }] }],
    'the money the bank took back, once',
  );
  t.match(books(h, lost.orderId), { refs: [lost.orderId, `${lost.orderId}-dp_lost`], total: 0, bank: 0 });
  t.same(books(h, won.orderId).refs, [won.orderId]);
  t.equal(await h.job('chargeback:dp_won'), null, 'no work for a won dispute');

  await h.root.forService('crm-sync').collection('jobs').deleteOne({ _id: 'chargeback:dp_lost' });
  const audit = (await h.admin('/api/admin/crm/audit')).json();
  t.same(
    audit.findings.filter((f: { orderId: string }) => [lost.orderId, won.orderId].includes(f.orderId)),
    [],
    'the audit expects the chargeback note and finds it',
  );
  await h.bus.publish('order.dispute_closed', disputeClosed(lost, 'dp_lost', 'lost'));
  await settled(h, ['chargeback:dp_lost']);
  t.equal(h.invoicesFor(`${lost.orderId}-dp_lost`).length, 1, 'replayed after its job expired: found by its ref, not made again');
});
