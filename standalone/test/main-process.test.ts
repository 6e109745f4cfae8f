import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { tempDir } from '@lumira/testing';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** `npm start`'s program, run from a directory of the test's own so its `.env` is the one written here. */
function runMain(cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=lumira-source', `--import=${import.meta.resolve('tsx')}`, main], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { exited, output: () => ({ stdout, stderr }) };
}

t.test('.env is read when present, and a bad value in it is one line in our words', async (t) => {
  const dir = await tempDir('lumira-main-');
  t.teardown(() => dir.remove());
  await writeFile(path.join(dir.dir, '.env'), 'PORT=abc\nLOG_LEVEL=silent\n');
  const run = runMain(dir.dir, { DATA_DIR: path.join(dir.dir, 'data') });
  t.equal(await run.exited, 1);
  const { stdout, stderr } = run.output();
  t.match(stdout, /starting with the settings of \.env/);
  t.equal(stderr, 'lumira: PORT: invalid value "abc"; expected an integer port between 0 and 65535\n');
});

t.test('the environment wins over .env', async (t) => {
  const dir = await tempDir('lumira-main-');
  t.teardown(() => dir.remove());
  await writeFile(path.join(dir.dir, '.env'), 'PORT=3000\n');
  const run = runMain(dir.dir, { PORT: 'not-a-port', LOG_LEVEL: 'silent', DATA_DIR: path.join(dir.dir, 'data') });
  t.equal(await run.exited, 1);
  t.match(run.output().stderr, /^lumira: PORT: invalid value "not-a-port"/);
});
