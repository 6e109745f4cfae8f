import { Writable } from 'node:stream';
import t from 'tap';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createDolibarrEmulator } from '@lumira/dolibarr-emulator';
import type { Collection, Doc } from '@lumira/store';
import { openMemoryBus, tempStore, testLogger, waitFor } from '@lumira/testing';
import { newJob, type CrmJob, type InvoiceJob } from '../src/crm-job.js';
import { crmState, type CrmStateDoc } from '../src/crm-state.js';
import { createCrmWorker, type CrmWorkerDeps } from '../src/crm-worker.js';
import type { CustomerLinkDoc } from '../src/customer-link.js';
import { customerLocks, type CustomerLockDoc } from '../src/customer-lock.js';
import { createDolibarrClient } from '../src/dolibarr/dolibarr-client.js';
import { crmMetrics } from '../src/metrics.js';

const apiKey = 'fencing-key';
const leaseMs = 300;

/**
 * A process that stalls (a long GC pause, a frozen container) keeps running its task but its lease
 * renewals never reach the store: updates that only move `lockedUntil` are dropped here.
 */
function stalledRenewals<T extends Doc>(collection: Collection<T>): Collection<T> {
  return new Proxy(collection, {
    get(target, property, receiver) {
      if (property !== 'updateOne') return Reflect.get(target, property, receiver) as unknown;
      return async (filter: Record<string, unknown>, update: Record<string, unknown>, options?: { upsert?: boolean }) => {
        const set = update.$set as Record<string, unknown> | undefined;
        if (Object.keys(update).length === 1 && set && Object.keys(set).join() === 'lockedUntil') return { matched: 1, upserted: false };
        return await target.updateOne(filter, update, options);
      };
    },
  });
}

t.test('two workers on one store, the first outliving its lease: one invoice, one payment, the late outcome dropped', async (t) => {
  const dolibarr = createDolibarrEmulator({ apiKey, badKeyDelayMs: 5, slowDelayMs: 1200 });
  t.teardown(() => dolibarr.close());
  const client = createDolibarrClient({ baseUrl: await dolibarr.listen(), apiKey, timeoutMs: 5000 });
  t.teardown(() => client.close());
  const store = (await tempStore(t)).forService('crm-sync');
  const jobs = store.collection<CrmJob>('jobs');
  const links = store.collection<CustomerLinkDoc>('customer-links');
  const lockCollection = store.collection<CustomerLockDoc>('customer-locks');
  const bus = await openMemoryBus();
  t.teardown(() => bus.close());

  const socid = await client.createThirdparty({ name: 'Ada', email: 'ada@example.com', refExt: 'usr_fence' });
  await links.insertOne({ _id: 'usr_fence', dolibarrId: socid, written: { name: 'Ada', email: 'ada@example.com', phone: null }, writtenAt: new Date() });
  let creates = 0;
  dolibarr.app.server.on('request', (request: { method?: string; url?: string }) => {
    if (request.method === 'POST' && request.url === '/api/index.php/invoices') creates++;
  });

  const lines: string[] = [];
  const captured = pino(
    { level: 'warn' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  const deps = (stalled: boolean, log = testLogger()): CrmWorkerDeps => ({
    jobs: stalled ? stalledRenewals(jobs) : jobs,
    links,
    locks: customerLocks(stalled ? stalledRenewals(lockCollection) : lockCollection, leaseMs),
    state: crmState(store.collection<CrmStateDoc>('state')),
    client,
    bus,
    metrics: crmMetrics(
      new Registry(),
      async () => 0,
      async () => 0,
    ),
    log,
  });
  const settings = {
    retryBaseMs: 20,
    retryMaxMs: 200,
    pollMs: 20,
    settleMs: 5000,
    lookAgainMs: 100,
    leaseMs,
    invoice: { vatRate: 20, paymentModeId: 6, bankAccountId: 1, invoiceFreeOrders: false },
  };
  const first = createCrmWorker(deps(true, captured), settings);
  const second = createCrmWorker(deps(false), settings);
  t.teardown(async () => await Promise.all([first.stop(), second.stop()]));

  const order = {
    orderId: 'ord_fence',
    userId: 'usr_fence',
    customerEmail: 'ada@example.com',
    customerName: 'Ada',
    locale: 'fr' as const,
    productId: 'intuitive',
    level: 2,
    productName: 'Intuitive',
    amount: 1400,
    currency: 'eur' as const,
    free: false,
    paymentIntentId: 'pi_fence',
    completedAt: new Date().toISOString(),
  };
  await jobs.insertOne(newJob<InvoiceJob>('invoice:ord_fence', { kind: 'invoice', userId: 'usr_fence', orderId: 'ord_fence', order }, new Date()));

  // The first worker sends the create into a locked table and stalls there past its lease.
  dolibarr.setMode('locked');
  first.start();
  await waitFor(() => creates === 1, { what: 'the first create sent' });
  second.start();
  await waitFor(async () => (await jobs.findOne({ _id: 'invoice:ord_fence' }))?.status === 'done', { what: 'the job done', timeoutMs: 20_000 });
  dolibarr.setMode('up');
  await waitFor(() => lines.some((line) => line.includes('its outcome was not recorded')), { what: "the first worker's late outcome dropped" });

  t.equal(creates, 1, 'the second worker waited for the create in flight instead of sending another');
  t.equal(dolibarr.invoices().length, 1);
  t.match(dolibarr.invoices(), [{ ref_ext: 'ord_fence', paye: 1 }]);
  t.equal(dolibarr.payments().length, 1);
  t.match(
    await jobs.findOne({ _id: 'invoice:ord_fence' }),
    { status: 'done', leaseToken: null, lastError: null },
    'the outcome the second worker wrote stands',
  );
  t.match(await lockCollection.findOne({ _id: 'usr_fence' }), { lockedUntil: 0, token: null }, 'released by its last holder');
});
