import t from 'tap';
import { waitFor } from '@lumira/testing';
import type { CrmJob } from '../src/crm-job.js';
import type { LedgerOrderDoc } from '../src/crm-ledger.js';
import { crmHarness } from './crm-harness.js';

const dayMs = 86_400_000;

t.test('done jobs expire after CRM_JOB_RETENTION_DAYS (30), the ledger after CRM_LEDGER_RETENTION_DAYS; a reopened job does not', async (t) => {
  const h = await crmHarness(t);
  const store = h.root.forService('crm-sync');
  const jobs = store.collection<CrmJob>('jobs');
  const ledger = store.collection<LedgerOrderDoc>('ledger');
  const u = await h.newUser('retention');
  const [kept, expired, reopened] = [h.order(u.userId, u.email), h.order(u.userId, u.email), h.order(u.userId, u.email)];
  for (const o of [kept, expired, reopened]) await h.bus.publish('order.completed', o);
  const done = async (orderId: string) => await waitFor(async () => (await jobs.findOne({ _id: `invoice:${orderId}` }))?.doneAt, { what: `${orderId} done` });
  for (const o of [kept, expired, reopened]) t.ok((await done(o.orderId)) instanceof Date, 'doneAt is a Date, as a TTL index needs');

  const resync = await h.admin('/api/admin/crm/resync', { orderId: reopened.orderId });
  t.equal(resync.statusCode, 202);
  t.notOk((await jobs.findOne({ _id: `invoice:${reopened.orderId}` }))?.doneAt, 'reopened: doneAt unset');
  // Time passes: the jobs' doneAt are moved into the past rather than waiting a month.
  await jobs.updateOne({ _id: `invoice:${kept.orderId}` }, { $set: { doneAt: new Date(Date.now() - 29 * dayMs) } });
  await jobs.updateOne({ _id: `invoice:${expired.orderId}` }, { $set: { doneAt: new Date(Date.now() - 31 * dayMs) } });
  await ledger.updateOne({ _id: expired.orderId }, { $set: { completedAt: new Date(Date.now() - 401 * dayMs) } });
  await waitFor(async () => !(await jobs.findOne({ _id: `invoice:${expired.orderId}` })), { what: 'the 31-day-old job swept' });
  await waitFor(async () => !(await ledger.findOne({ _id: expired.orderId })), { what: 'the 401-day-old ledger entry swept' });
  t.ok(await jobs.findOne({ _id: `invoice:${kept.orderId}` }), 'a 29-day-old done job is kept');
  t.ok(await ledger.findOne({ _id: kept.orderId }), 'its ledger entry too');
  t.ok(await jobs.findOne({ _id: `invoice:${reopened.orderId}` }), 'a reopened job is kept');
});

t.test('a retention under 30 days is refused at start', async (t) => {
  const { loadConfig, ConfigError } = await import('@lumira/config');
  const { crmSyncService } = await import('@lumira/crm-sync');
  t.throws(() => loadConfig('crm-sync', crmSyncService.configSpec, { CRM_JOB_RETENTION_DAYS: '7' }), ConfigError);
});
