import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface NatsServerHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Kills and restarts the same server (same port and storage), as a crash and recovery would. */
  restart(): Promise<void>;
  /** The server's process id now (the benchmark reads its CPU time). */
  pid(): number | undefined;
}

function binary(): string {
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  for (const candidate of ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server']) {
    if (existsSync(candidate)) return candidate;
  }
  return 'nats-server';
}

async function port(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export interface NatsServerOptions {
  /** A configuration file's text (e.g. an authorization block); `$VAR`s in it are read from `env`. */
  config?: string;
  env?: Record<string, string>;
}

function launch(p: number, dir: string, options: NatsServerOptions): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const config = options.config === undefined ? [] : ['-c', path.join(dir, 'server.conf')];
    const child = spawn(binary(), [...config, '-a', '127.0.0.1', '-p', String(p), '-js', '-sd', dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nats-server did not start: ${output.slice(-500)}`));
    }, 15_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run nats-server (apt-get install -y nats-server): ${err.message}`));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Server is ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A private nats-server with JetStream on a free port and a throw-away storage directory. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServerHandle> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lumira-nats-'));
  if (options.config !== undefined) await writeFile(path.join(dir, 'server.conf'), options.config);
  const p = await port();
  let child = await launch(p, dir, options);
  return {
    url: `nats://127.0.0.1:${p}`,
    port: p,
    async stop() {
      await stopChild(child, 'SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await stopChild(child, 'SIGKILL');
      child = await launch(p, dir, options);
    },
    pid: () => child.pid,
  };
}
