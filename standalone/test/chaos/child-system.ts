import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface ChildSystem {
  gatewayUrl: string;
  child: ChildProcess;
  /** kill -9: no shutdown at all, whatever it was doing. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts standalone/test/chaos/system-main.ts with this environment and waits for its gateway. */
export async function startChildSystem(env: Record<string, string>): Promise<ChildSystem> {
  const child = spawn(process.execPath, ['--conditions=lumira-source', '--import', 'tsx', 'standalone/test/chaos/system-main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 90_000;
  let gatewayUrl: string | undefined;
  while (!gatewayUrl) {
    gatewayUrl = /READY (http:\/\/\S+)/.exec(stdout)?.[1];
    if (gatewayUrl) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the system did not start (exit ${String(child.exitCode)}): ${stderr.slice(-2000)} ${stdout.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    gatewayUrl,
    child,
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
