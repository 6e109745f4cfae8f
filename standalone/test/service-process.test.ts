import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { tempDir } from '@lumira/testing';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A service as a container runs it: its own process, from its main. */
function run(service: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=lumira-source', '--import', 'tsx', `services/${service}/src/main.ts`], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = async () => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m?.[1]) return m[1];
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, listening, output: () => ({ stdout, stderr }) };
}

t.test('a service runs alone, is ready, and stops cleanly on SIGTERM', async (t) => {
  const data = await tempDir();
  t.teardown(() => data.remove());
  const svc = run('order', { PORT: '0', HOST: '127.0.0.1', DATA_DIR: data.dir, LOG_LEVEL: 'info' });
  const url = await svc.listening();
  t.equal((await fetch(`${url}/health`)).status, 200);
  const ready = (await (await fetch(`${url}/ready`)).json()) as { status: string; checks: Record<string, { status: string }> };
  t.equal(ready.status, 'ready');
  t.same(Object.keys(ready.checks).sort(), ['bus', 'store']);
  const started = Date.now();
  svc.child.kill('SIGTERM');
  t.equal(await svc.exited, 0, 'exit code 0');
  t.ok(Date.now() - started < 5000, 'within the deadline');
});

t.test('a bad variable stops it with one line naming the variable, no stack trace', async (t) => {
  const svc = run('payment', { PORT: 'abc' });
  t.equal(await svc.exited, 1);
  const { stderr } = svc.output();
  t.equal(stderr.trim().split('\n').length, 1);
  t.match(stderr, /^payment: PORT: invalid value "abc"/);
  t.notMatch(stderr, /\bat .*\.ts:\d+/);
});
