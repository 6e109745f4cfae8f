import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { benchDataDir } from './data-dir.js';

export interface IdleMemory {
  /** Resident set of the system's process after it sat idle, in MB. */
  rssMb: number;
  anonMb: number;
  fileMb: number;
  /** From spawn to the first 200 of /ready. */
  readyMs: number;
}

// bench/dist/ when built, bench/ when run from the source with tsx.
const ENTRY = fileURLToPath(new URL(`${import.meta.url.endsWith('.ts') ? '..' : '../..'}/standalone/dist/main.js`, import.meta.url));
/** The node flags of `npm start` (package.json): the figure is for the process as users run it. */
const NODE_FLAGS = ['--max-semi-space-size=2'];
/** The gateway's PORT and the services on PORT+1…PORT+6 (standalone/src/services.ts). */
const PORTS_USED = 7;

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A run of free ports for the gateway and the services, and one more for the Stripe emulator. */
async function freePorts(): Promise<{ base: number; emulator: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    const all = Array.from({ length: PORTS_USED + 1 }, (_, i) => base + i);
    if ((await Promise.all(all.map(canListen))).every(Boolean)) return { base, emulator: base + PORTS_USED };
  }
  throw new Error('no run of free ports found');
}

const kb = (status: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;

async function waitReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`${url} not ready in time`);
}

/**
 * The system as `npm start` runs it (the built main.js in a process of its own, same node flags, a fresh
 * DATA_DIR, no Stripe key so the emulator runs in-process), left idle `idleMs` after /ready, then its
 * VmRSS read from /proc. Linux only (NaN elsewhere).
 */
export async function measureIdleMemory(env: Record<string, string>, idleMs = 10_000): Promise<IdleMemory> {
  const data = await benchDataDir();
  const ports = await freePorts();
  const started = Date.now();
  const child = spawn(process.execPath, [...NODE_FLAGS, ENTRY], {
    env: {
      PATH: process.env.PATH,
      PORT: String(ports.base),
      HOST: '127.0.0.1',
      STRIPE_EMULATOR_PORT: String(ports.emulator),
      DATA_DIR: data.dir,
      LOG_LEVEL: 'info',
      ...env,
    },
    // Run from the data dir, so a developer's .env is not read.
    cwd: data.dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitReady(`http://127.0.0.1:${ports.base}/ready`, started + 30_000);
    const readyMs = Date.now() - started;
    await sleep(idleMs);
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    return { rssMb: kb(status, 'VmRSS'), anonMb: kb(status, 'RssAnon'), fileMb: kb(status, 'RssFile'), readyMs };
  } finally {
    child.kill('SIGTERM');
    await exited;
    await data.remove();
  }
}

// `node bench/dist/idle-memory.js`: the figures alone, without the rest of the benchmark.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const thread of ['false', 'true']) {
    const m = await measureIdleMemory({ GATEWAY_THREAD: thread });
    process.stdout.write(
      `GATEWAY_THREAD=${thread}: VmRSS ${m.rssMb.toFixed(1)} MB (anon ${m.anonMb.toFixed(1)}, file ${m.fileMb.toFixed(1)}), ready in ${m.readyMs} ms\n`,
    );
  }
}
