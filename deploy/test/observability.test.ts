import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { stringify } from 'yaml';
import { configParts } from '../tools/config-parts.js';
import { containerEnvironment } from './helpers/compose.js';
import { fromRoot, readJson, readYaml } from './helpers/files.js';
import { exportedMetricNames, metricsRead } from './helpers/metrics.js';

const run = promisify(execFile);
const compose = readYaml('docker-compose.yml');
const services: Record<string, any> = compose.services;
const processes = configParts.filter((p) => p.kind !== 'launcher').map((p) => p.name);
const dashboard = readJson('deploy/observability/grafana/dashboards/lumira.json');
const targets: { expr: string; panel: string }[] = dashboard.panels.flatMap((p: any) =>
  (p.targets ?? []).map((tg: any) => ({ expr: tg.expr as string, panel: p.title as string })),
);

/** The host side of a compose bind mount (`./x:/y:ro`), resolved from the repository root. */
const mounts = (service: any) =>
  (service.volumes as string[]).filter((v) => v.startsWith('./')).map((v) => ({ host: v.split(':')[0]!, container: v.split(':')[1]! }));

t.test('the observability profile adds Prometheus and Grafana, on loopback only', async (t) => {
  for (const name of ['prometheus', 'grafana']) {
    t.same(services[name]?.profiles, ['observability'], `${name} only with --profile observability`);
    for (const m of mounts(services[name])) t.ok(existsSync(fromRoot(m.host)), `${name}: ${m.host} exists`);
  }
  t.match(services.grafana.depends_on, { prometheus: { condition: 'service_healthy' } });
  t.notMatch(JSON.stringify(services.grafana.environment), /GF_SECURITY_ADMIN_PASSWORD=[^$]/, 'no password in the compose file');
});

t.test('Prometheus scrapes every process on its internal metrics port, and loads the tested rules', async (t) => {
  const prometheus = services.prometheus;
  const config = readYaml('deploy/observability/prometheus.yml');
  const configMount = mounts(prometheus).find((m) => m.container === '/etc/prometheus/prometheus.yml');
  t.equal(configMount?.host, './deploy/observability/prometheus.yml');
  const rulesMount = mounts(prometheus).find((m) => config.rule_files.includes(m.container));
  t.equal(rulesMount?.host, './deploy/observability/alerts.yml', 'the rules promtool tests are the rules Prometheus loads');
  const job = config.scrape_configs.find((j: any) => j.job_name === 'lumira');
  t.ok(job, 'job lumira (the alerts read up{job="lumira"})');
  t.equal(job.honor_labels, true);
  const scraped = job.static_configs.flatMap((c: any) => c.targets.map((target: string) => ({ target, service: c.labels.service })));
  for (const name of processes) {
    const { env } = containerEnvironment(services[name]);
    const metricsPort = env.METRICS_PORT;
    t.ok(metricsPort && metricsPort !== env.PORT, `${name}: METRICS_PORT is set apart from PORT`);
    t.notOk(
      (services[name].ports ?? []).some((p: string) => String(p).endsWith(`:${metricsPort}`)),
      `${name}: the metrics port is never published`,
    );
    t.same(
      scraped.filter((s: any) => s.service === name).map((s: any) => s.target),
      [`${name}:${metricsPort}`],
      `${name} scraped on ${metricsPort}`,
    );
  }
});

t.test('Grafana is provisioned with the Prometheus data source and the dashboard', async (t) => {
  const grafana = services.grafana;
  const provisioning = mounts(grafana).find((m) => m.container === '/etc/grafana/provisioning');
  t.ok(provisioning);
  const datasources = readYaml(path.join(provisioning!.host, 'datasources/prometheus.yml')).datasources;
  t.match(datasources[0], { type: 'prometheus', uid: 'prometheus', url: 'http://prometheus:9090' });
  const provider = readYaml(path.join(provisioning!.host, 'dashboards/lumira.yml')).providers[0];
  const dashboards = mounts(grafana).find((m) => m.container === provider.options.path);
  t.ok(dashboards, 'the provider reads the mounted dashboards folder');
  t.ok(existsSync(fromRoot(dashboards!.host, 'lumira.json')));
  const uids = new Set(dashboard.panels.filter((p: any) => p.datasource).map((p: any) => p.datasource.uid));
  t.same([...uids], ['prometheus'], 'every panel reads the provisioned data source');
});

t.test('the dashboard covers purchases, webhooks, latency, bus and outbox, mail and CRM', async (t) => {
  const rows = dashboard.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title);
  t.same(rows, ['Purchases', 'Stripe webhooks', 'Latency', 'Bus and outbox', 'Mail and CRM', 'Services']);
  const exported = exportedMetricNames();
  for (const { expr, panel } of targets) {
    const names = metricsRead(expr);
    t.ok(names.length > 0, `${panel}: reads a metric`);
    for (const name of names) t.ok(exported.has(name), `${panel}: ${name} is registered in the code`);
  }
});

t.test('every dashboard query is valid PromQL (promtool parses them as rules)', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'lumira-dash-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const rules = targets.map(({ expr }, i) => ({ record: `dashboard:query_${i}`, expr: expr.replaceAll('$__rate_interval', '5m') }));
  const file = path.join(dir, 'dashboard-queries.yml');
  await writeFile(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
  const { stdout } = await run(process.env.PROMTOOL_BIN ?? 'promtool', ['check', 'rules', file]);
  t.match(stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
});
