import t from 'tap';
import { createDolibarrEmulator } from '@lumira/dolibarr-emulator';
import { waitFor } from '@lumira/testing';
import { startTestSystem } from './harness.js';

t.test('with DOLIBARR_URL, a paid purchase through the gateway lands in Dolibarr once: customer linked, invoice paid', async (t) => {
  const dolibarr = createDolibarrEmulator({ apiKey: 'e2e-dolibarr-key', badKeyDelayMs: 5 });
  const dolibarrUrl = await dolibarr.listen();
  t.teardown(() => dolibarr.close());
  const s = await startTestSystem(t, { env: { DOLIBARR_URL: dolibarrUrl, DOLIBARR_API_KEY: 'e2e-dolibarr-key', CRM_WORK_POLL_MS: '50' } });
  t.ok(
    s.system.lines.some((l) => l.trim().startsWith(`Dolibarr: ${dolibarrUrl}`)),
    'the banner names the instance',
  );

  const email = `crm.${process.pid}@example.com`;
  const res = await s.api('/api/payments/create-payment-intent', {
    method: 'POST',
    json: { productId: 'alchimique', customerEmail: email, customerName: 'Élise Dupont' },
  });
  t.equal(res.status, 200);
  await s.stripe.paymentIntents.confirm(res.body.paymentIntentId, { payment_method: 'pm_card_visa' });
  await s.waitForOrder(res.body.orderId, 'completed');

  const invoice = await waitFor(() => dolibarr.invoices().find((i) => i.ref_ext === res.body.orderId && i.paye === 1), {
    what: 'paid invoice',
    timeoutMs: 15_000,
  });
  const customers = dolibarr.thirdparties().filter((tp) => tp.email === email);
  t.equal(customers.length, 1, 'one thirdparty');
  t.equal(invoice.socid, customers[0]?.id);
  t.equal(Math.round(invoice.total_ttc * 100), 2900);
  const user = await waitFor(async () => ((await s.user(email))?.dolibarrCustomerId ? await s.user(email) : undefined), { what: 'link on the user' });
  t.equal(user.dolibarrCustomerId, customers[0]?.id);

  const status = await s.admin('/api/admin/crm/status');
  t.match(status, { enabled: true, backlog: 0, failed: 0 });
  t.ok(status.lastPushAt);
});
