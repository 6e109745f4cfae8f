import type { Test } from 'tap';
import type { DolibarrEmulator } from '@lumira/dolibarr-emulator';
import { waitFor } from '@lumira/testing';
import { ADMIN_KEY, type TestSystem } from './harness.js';
import { email, opsHelpers } from './ops-helpers.js';

const readingStatuses = ['queued', 'in_progress', 'delivered', 'suspended', 'revoked'] as const;

/**
 * Money going back after a sale, followed past the order: the expert's reading and the shop's books in
 * Dolibarr. A dispute opened then lost revokes the reading and writes a credit note for it; a full refund
 * that the bank returns gives the reading back and cancels its credit note, the books back at the price.
 */
export function moneyBackFlows(t: Test, open: (dolibarrUrl: string, dolibarrKey: string) => Promise<TestSystem>, dolibarr: DolibarrEmulator): void {
  let s: TestSystem;
  let expert: { authorization: string };
  const h = opsHelpers(() => s);
  t.before(async () => {
    s = await open(await dolibarr.listen(), 'e2e-dolibarr-key');
    const created = await s.api('/api/admin/experts', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      json: { email: `expert.${process.pid}@lumira.test`, name: 'Morgane' },
    });
    if (created.status !== 201) throw new Error(`expert: ${created.status}`);
    expert = { authorization: `Bearer ${created.body.token}` };
  });

  /** The order's reading as the Expert App sees it, whatever its status. */
  const readingOf = async (orderId: string, status: (typeof readingStatuses)[number], what: string) =>
    await waitFor(
      async () => {
        for (const listed of readingStatuses) {
          const page = await s.api(`/api/expert/readings?status=${listed}&limit=100`, { headers: expert });
          const found = page.body.readings.find((r: { orderId: string }) => r.orderId === orderId);
          if (found) return found.status === status ? found : undefined;
        }
        return undefined;
      },
      { what, timeoutMs: 15_000 },
    );

  /** Every document of the order in Dolibarr, what they add up to and what their bank lines do, in cents. */
  function books(orderId: string) {
    const documents = dolibarr.invoices().filter((i) => i.ref_ext === orderId || (i.ref_ext ?? '').startsWith(`${orderId}-`));
    const ids = new Set(documents.map((d) => d.id));
    const cents = (euros: number | string) => Math.round(Number(euros) * 100);
    return {
      refs: documents.map((d) => d.ref_ext).sort(),
      total: documents.reduce((sum, d) => sum + cents(d.total_ttc), 0),
      bank: dolibarr
        .payments()
        .flatMap((p) => p.amounts)
        .filter((a) => ids.has(a.invoiceId))
        .reduce((sum, a) => sum + cents(a.amount), 0),
      unpaid: documents.filter((d) => d.paye !== 1).map((d) => d.ref_ext),
    };
  }
  const paidDoc = (refExt: string, what: string) =>
    waitFor(() => dolibarr.invoices().find((i) => i.ref_ext === refExt && i.paye === 1), { what, timeoutMs: 15_000 });

  t.test('a dispute opened then lost: the reading suspended, then revoked; a credit note for the chargeback', async (t) => {
    const address = email('money-dispute');
    const { orderId, paymentIntentId } = await h.paid('intuitive', address, 'pm_card_createDisputeProductNotReceived');
    await readingOf(orderId, 'queued', 'the reading queued');
    await paidDoc(orderId, 'the invoice paid');
    s.system.emulator!.runScheduled();
    await readingOf(orderId, 'suspended', 'the reading suspended while the dispute is open');
    const [dispute] = (await s.stripe.disputes.list({ payment_intent: paymentIntentId })).data;
    await s.stripe.disputes.close(dispute!.id);
    await h.until(orderId, address, (x) => x.status === 'refunded', 'the order treated as refunded');
    await readingOf(orderId, 'revoked', 'the reading revoked');
    const note = await paidDoc(`${orderId}-${dispute!.id}`, 'the chargeback credit note paid back');
    t.equal(note.type, 2, 'a credit note');
    t.equal(Math.round(Number(note.total_ttc) * 100), -dispute!.amount);
    t.match(books(orderId), { refs: [orderId, `${orderId}-${dispute!.id}`], total: 0, bank: 0, unpaid: [] }, 'the sale and its chargeback cancel out');
  });

  t.test('a full refund the bank returns: the reading comes back, its credit note is cancelled, the books balance', async (t) => {
    const address = email('money-refundfail');
    const { orderId, paymentIntentId } = await h.paid('alchimique', address, 'pm_card_refundFail');
    const price = (await h.order(orderId, address)).amount as number;
    await readingOf(orderId, 'queued', 'the reading queued');
    const refund = await s.stripe.refunds.create({ payment_intent: paymentIntentId });
    await readingOf(orderId, 'revoked', 'the reading revoked by the full refund');
    await paidDoc(`${orderId}-${refund.id}`, 'the credit note paid back');
    t.ok(s.system.emulator!.runScheduled() >= 1, 'the bank returns the refund');
    await h.until(orderId, address, (x) => x.status === 'completed' && x.access.status === 'active', 'the refund undone');
    await readingOf(orderId, 'queued', 'the reading back in the queue');
    const reversal = await paidDoc(`${orderId}-${refund.id}-reversal`, 'the credit note cancelled by an invoice');
    t.equal(Math.round(Number(reversal.total_ttc) * 100), price);
    t.match(
      books(orderId),
      { refs: [orderId, `${orderId}-${refund.id}`, `${orderId}-${refund.id}-reversal`], total: price, bank: price, unpaid: [] },
      'what the customer paid, and nothing owed either way',
    );
    const status = await s.admin('/api/admin/crm/status');
    t.match(status, { failed: 0 });
  });
}
