import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { createPaymentIntentBodySchema } from '@lumira/contracts/http';
import { tempDir } from '@lumira/testing';
import { startTestSystem, type TestSystem } from './harness.js';

const run = promisify(execFile);
const redocly = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const repoRoot = path.resolve(import.meta.dirname, '../..');

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: unknown[];
  responses: Record<string, unknown>;
}

let s: TestSystem;
let document: { servers: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, any> } };
t.before(async () => {
  s = await startTestSystem(t, { env: { SHOP_NAME: 'Maison Test' } });
  document = (await s.api('/openapi.json')).body;
});

t.test('redocly lint, recommended rules: no error and no warning', async (t) => {
  const dir = await tempDir('lumira-openapi-');
  t.teardown(dir.remove);
  const file = path.join(dir.dir, 'openapi.json');
  await writeFile(file, JSON.stringify(document));
  // Offline and quiet: no telemetry, no update check (the CI runner and this machine have no internet).
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' };
  const { stdout } = await run(process.execPath, [redocly, 'lint', file, '--config', path.join(repoRoot, 'redocly.yaml'), '--format=json'], {
    env,
    cwd: dir.dir,
  }).catch((err: { stdout: string }) => err);
  const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: unknown[] };
  t.same(report.totals, { errors: 0, warnings: 0, ignored: 0 }, JSON.stringify(report.problems, null, 1).slice(0, 4000));
});

t.test('every operation is named, summarised, described, secured or public, and has its errors', async (t) => {
  const operations = Object.entries(document.paths).flatMap(([p, item]) =>
    Object.entries(item).map(([method, op]) => ({ at: `${method.toUpperCase()} ${p}`, op })),
  );
  t.ok(operations.length >= 25, `${operations.length} operations`);
  for (const { at, op } of operations) {
    t.match(op, { operationId: /^[a-z][A-Za-z]+$/, summary: /\S/, description: /\S/ }, at);
    t.ok(Array.isArray(op.security), `${at}: security said`);
    t.ok(op.responses['500'] && op.responses['503'], `${at}: 5xx documented`);
  }
  t.equal(new Set(operations.map((o) => o.op.operationId)).size, operations.length, 'operationIds are unique');
  t.same(document.servers[0], { url: s.system.gatewayUrl, description: 'This gateway, as you reached it' });
  t.match(JSON.stringify(document), /"#\/components\/schemas\/ErrorBody"/);
});

t.test('the checkout example works as it is', async (t) => {
  const request = document.components.schemas.CheckoutRequest;
  t.equal(request.properties.customerEmail.format, 'email');
  t.ok(createPaymentIntentBodySchema.safeParse(request.example).success, 'the example passes the contract');
  const res = await s.api('/api/payments/create-payment-intent', { method: 'POST', json: request.example });
  t.equal(res.status, 200, JSON.stringify(res.body));
  t.match(res.body, { amount: 1400, currency: 'eur', productName: 'Intuitive' });
  t.equal(document.paths['/api/payments/create-payment-intent']?.post?.operationId, 'checkout');
});
