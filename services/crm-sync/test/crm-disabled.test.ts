import t, { type Test } from 'tap';
import { ConfigError, loadConfig } from '@lumira/config';
import { crmSyncService } from '@lumira/crm-sync';
import { addInfrastructureChecks } from '@lumira/http/runtime';
import { openStore } from '@lumira/store';
import { openMemoryBus, tempDir, testLogger } from '@lumira/testing';

const ADMIN = 'admin-key-for-crm-disabled';

async function deps(t: Test, env: Record<string, string>) {
  const data = await tempDir();
  const root = await openStore({ dataDir: data.dir });
  const bus = await openMemoryBus();
  t.teardown(async () => {
    await bus.close();
    await root.close();
    await data.remove();
  });
  const config = loadConfig('crm-sync', crmSyncService.configSpec, { LOG_LEVEL: 'silent', DATA_DIR: data.dir, ADMIN_API_KEY: ADMIN, ...env });
  return { config, logger: testLogger(), bus, store: root.forService('crm-sync') };
}

t.test('without DOLIBARR_URL crm-sync is idle: ready, reported as disabled, and the banner says so', async (t) => {
  const d = await deps(t, {});
  const app = await crmSyncService.build(d);
  addInfrastructureChecks(app, d.bus, d.store);
  t.teardown(() => app.close());
  const ready = await app.inject({ method: 'GET', url: '/ready' });
  t.equal(ready.statusCode, 200);
  t.same(ready.json().checks.dolibarr, { status: 'disabled', detail: 'DOLIBARR_URL not set: crm-sync is idle' });
  const status = await app.inject({ method: 'GET', url: '/api/admin/crm/status', headers: { authorization: `Bearer ${ADMIN}` } });
  t.match(status.json(), { enabled: false, dolibarrUrl: null, backlog: 0 });
  await d.bus.publish('user.created', { userId: 'usr_1', email: 'a@example.com', name: null, phone: null, locale: 'fr', createdAt: new Date().toISOString() });
  t.equal(
    (await app.inject({ method: 'GET', url: '/api/admin/crm/status', headers: { authorization: `Bearer ${ADMIN}` } })).json().backlog,
    0,
    'no work piles up',
  );
  t.match(crmSyncService.banner?.(d.config), [/DOLIBARR_URL not set/]);
  const audit = await app.inject({ method: 'GET', url: '/api/admin/crm/audit', headers: { authorization: `Bearer ${ADMIN}` } });
  t.equal(audit.statusCode, 409, 'nothing to audit: a clear 4xx, not a 5xx');
  t.match(audit.json().error.message, /DOLIBARR_URL is unset/);
  const repair = await app.inject({
    method: 'POST',
    url: '/api/admin/crm/repair',
    headers: { authorization: `Bearer ${ADMIN}` },
    payload: { orderIds: ['ord_1'] },
  });
  t.equal(repair.statusCode, 409);
});

t.test('an unknown DOLIBARR_TIMEZONE stops the start with one line naming the variable', async (t) => {
  let err: unknown;
  try {
    loadConfig('crm-sync', crmSyncService.configSpec, { DOLIBARR_TIMEZONE: 'Mars/Olympus' });
  } catch (e) {
    err = e;
  }
  t.ok(err instanceof ConfigError);
  t.match((err as ConfigError).problems, [/^DOLIBARR_TIMEZONE: invalid value "Mars\/Olympus"/]);
});

t.test('DOLIBARR_URL without DOLIBARR_API_KEY stops the start with one line naming the variable', async (t) => {
  const d = await deps(t, { DOLIBARR_URL: 'http://127.0.0.1:9' });
  const err = await crmSyncService.build(d).catch((e: unknown) => e);
  t.ok(err instanceof ConfigError);
  t.match((err as ConfigError).problems, [/^DOLIBARR_API_KEY: is required when DOLIBARR_URL is set/]);
});

t.test('a bad VAT rate or poll interval is a configuration error', async (t) => {
  let err: unknown;
  try {
    loadConfig('crm-sync', crmSyncService.configSpec, { DOLIBARR_VAT_RATE: '120', DOLIBARR_POLL_SECONDS: '-1' });
  } catch (e) {
    err = e;
  }
  t.ok(err instanceof ConfigError);
  t.match((err as ConfigError).problems, [/^DOLIBARR_VAT_RATE: invalid value "120"/, /^DOLIBARR_POLL_SECONDS: invalid value "-1"/]);
});
