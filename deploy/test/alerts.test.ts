import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import t from 'tap';
import { fromRoot, readYaml } from './helpers/files.js';
import { exportedMetricNames, metricsRead } from './helpers/metrics.js';

const run = promisify(execFile);
const PROMTOOL = process.env.PROMTOOL_BIN ?? 'promtool';
const RULES = 'deploy/observability/alerts.yml';
const TESTS = 'deploy/observability/alerts.test.yml';

const rules: { alert?: string; expr: string; annotations?: Record<string, string> }[] = readYaml(RULES).groups.flatMap((g: any) => g.rules);
const alertNames = rules.map((r) => r.alert).filter((a): a is string => typeof a === 'string');

t.test('promtool checks the rules and passes their unit tests', async (t) => {
  const check = await run(PROMTOOL, ['check', 'rules', fromRoot(RULES)]);
  t.match(check.stdout, /SUCCESS: \d+ rules found/);
  // promtool exits non-zero when an expected alert does not fire (or an unexpected one does): execFile rejects.
  const tested = await run(PROMTOOL, ['test', 'rules', fromRoot(TESTS)]);
  t.match(tested.stdout, /SUCCESS/);
});

t.test("the seed's three alerts and the flow alerts exist", async (t) => {
  for (const name of [
    'PaymentIntentCreationFailing',
    'WebhookSignatureFailures',
    'WebhookProcessingFailing',
    'DeadLettersGrowing',
    'OutboxStuck',
    'OrdersPendingPastReconciliation',
    'CrmBacklogGrowing',
    'CrmJobsParked',
    'MailsDead',
    'ServiceDown',
    'ServiceNotReady',
  ]) {
    t.ok(alertNames.includes(name), name);
  }
});

t.test('every alert has a runbook line, a severity and a unit test that sees it fire', async (t) => {
  const tests: any[] = readYaml(TESTS).tests;
  const firing = new Set(
    tests.flatMap((c) => (c.alert_rule_test ?? []).filter((a: any) => (a.exp_alerts ?? []).length > 0).map((a: any) => a.alertname as string)),
  );
  for (const rule of rules.filter((r) => r.alert)) {
    t.ok((rule.annotations?.runbook ?? '').trim().length > 30, `${rule.alert}: runbook`);
    t.match((rule as any).labels?.severity, /^(critical|warning)$/, `${rule.alert}: severity`);
    t.ok(firing.has(rule.alert!), `${rule.alert}: a test case where it fires`);
  }
});

t.test('every metric an alert reads is exported by the code', async (t) => {
  const exported = exportedMetricNames();
  for (const rule of rules) {
    const names = metricsRead(rule.expr);
    t.ok(names.length > 0, `${rule.alert}: reads a metric`);
    for (const name of names) t.ok(exported.has(name), `${rule.alert}: ${name} is registered in the code`);
  }
});
