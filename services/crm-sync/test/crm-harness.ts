import type { Test } from 'tap';
import type { Bus } from '@lumira/bus';
import { loadConfig } from '@lumira/config';
import type { EventData } from '@lumira/contracts';
import { crmSyncService } from '@lumira/crm-sync';
import { createDolibarrEmulator, type DolibarrEmulator, type DolibarrEmulatorOptions } from '@lumira/dolibarr-emulator';
import type { ServiceApp } from '@lumira/http';
import { openStore, type StoreRoot } from '@lumira/store';
import { completedOrder, openMemoryBus, tempDir, testLogger } from '@lumira/testing';
import { userService } from '@lumira/user';
import type { CrmJob } from '../src/crm-job.js';

export const ADMIN = 'admin-key-for-crm-harness';
const KEY = 'dolibarr-key-for-crm-harness';
let seq = 0;

export interface CrmHarness {
  dolibarr: DolibarrEmulator;
  /** The emulator's root URL. */
  baseUrl: string;
  bus: Bus;
  root: StoreRoot;
  crm: ServiceApp;
  admin(url: string, body?: unknown, method?: 'GET' | 'POST'): Promise<{ statusCode: number; json(): any }>;
  status(): Promise<any>;
  newUser(tag: string, name?: string | null): Promise<{ userId: string; email: string }>;
  user(userId: string): Promise<{ _id: string; email: string; name: string | null; phone: string | null; dolibarrCustomerId: number | null } | null>;
  job(id: string): Promise<CrmJob | null>;
  order(userId: string, email: string, over?: Partial<EventData<'order.completed'>>): EventData<'order.completed'>;
  invoicesFor(refExt: string): ReturnType<DolibarrEmulator['invoices']>;
}

/** crm-sync and the user service over the in-process bus, against a Dolibarr emulator built with `emulator`. */
export async function crmHarness(t: Test, options: { emulator?: Partial<DolibarrEmulatorOptions>; env?: Record<string, string> } = {}): Promise<CrmHarness> {
  const dolibarr = createDolibarrEmulator({ apiKey: KEY, badKeyDelayMs: 5, slowDelayMs: 400, ...options.emulator });
  const data = await tempDir();
  const baseUrl = await dolibarr.listen();
  const bus = await openMemoryBus();
  const root = await openStore({ dataDir: data.dir, ttlSweepMs: 50 });
  const env = {
    LOG_LEVEL: 'silent',
    DATA_DIR: data.dir,
    ADMIN_API_KEY: ADMIN,
    DOLIBARR_URL: baseUrl,
    DOLIBARR_API_KEY: KEY,
    DOLIBARR_TIMEOUT_MS: '1000',
    DOLIBARR_SETTLE_MS: '1000',
    DOLIBARR_POLL_SECONDS: '1',
    CRM_RETRY_BASE_MS: '20',
    CRM_RETRY_MAX_MS: '200',
    CRM_WORK_POLL_MS: '20',
    ...options.env,
  };
  const user = await userService.build({ config: loadConfig('user', userService.configSpec, env), logger: testLogger(), bus, store: root.forService('user') });
  const crm = await crmSyncService.build({
    config: loadConfig('crm-sync', crmSyncService.configSpec, env),
    logger: testLogger(),
    bus,
    store: root.forService('crm-sync'),
  });
  // Ready starts the producers (worker, pull), as the runtime does once every service is built.
  await Promise.all([user.ready(), crm.ready()]);
  t.teardown(async () => {
    await crm.close();
    await user.close();
    await bus.close();
    // The embedded store's close does not wait for a collection still loading (compacting) after it was
    // opened and never used; customer-locks is only used once a job runs, so a short test would remove the
    // directory under that compaction. Using it once waits for it.
    await root.forService('crm-sync').collection('customer-locks').countDocuments({});
    await root.close();
    await dolibarr.close();
    await data.remove();
  });
  const admin: CrmHarness['admin'] = async (url, body, method) =>
    await crm.inject({
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      url,
      headers: { authorization: `Bearer ${ADMIN}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    dolibarr,
    baseUrl,
    bus,
    root,
    crm,
    admin,
    status: async () => (await admin('/api/admin/crm/status')).json(),
    newUser: async (tag, name = 'Élise Dupont') =>
      await bus.request('rpc.user.ensure', { email: `${tag}.${process.pid}.${seq++}@example.com`, name, locale: 'fr' }),
    user: async (userId) =>
      await root
        .forService('user')
        .collection<{ _id: string; email: string; name: string | null; phone: string | null; dolibarrCustomerId: number | null }>('users')
        .findOne({ _id: userId }),
    job: async (id) => await root.forService('crm-sync').collection<CrmJob>('jobs').findOne({ _id: id }),
    order: (userId, email, over = {}) =>
      completedOrder({ orderId: `ord_h${process.pid}x${seq++}`, userId, customerEmail: email, paymentIntentId: `pi_h${seq++}` }, over),
    invoicesFor: (refExt) => dolibarr.invoices().filter((i) => i.ref_ext === refExt),
  };
}
