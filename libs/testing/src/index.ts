import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import { MemoryBus } from '@lumira/bus';
import type { ConsumerGroups } from '@lumira/contracts';
import { openStore, type StoreRoot } from '@lumira/store';

export { startNatsServer, type NatsServerHandle, type NatsServerOptions } from './nats-server.js';
export { completedOrder } from './orders.js';
export { rawHttp, type RawExchange, type RawOptions, type RawResponse } from './raw-http.js';

/** Tests log only when asked to (TEST_LOG=debug), so failures are readable and secrets stay out. */
export function testLogger(): Logger {
  return pino({ level: process.env.TEST_LOG ?? 'silent' });
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls until the check returns a truthy value; a bounded wait, never a fixed sleep. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<Exclude<T, undefined | null | false | 0 | ''>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, undefined | null | false | 0 | ''>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'condition'}`);
    await sleep(options.intervalMs ?? 20);
  }
}

export async function tempDir(prefix = 'lumira-'): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** An embedded store in a fresh directory, closed and removed when the test ends. */
export async function tempStore(t: { teardown(fn: () => Promise<void>): void }): Promise<StoreRoot> {
  const tmp = await tempDir('lumira-store-');
  const root = await openStore({ dataDir: tmp.dir });
  t.teardown(async () => {
    await root.close();
    await tmp.remove();
  });
  return root;
}

const leftovers = new Set<string>();
function removeAtExit(dir: string): void {
  if (leftovers.size === 0) process.once('exit', () => leftovers.forEach((d) => rmSync(d, { recursive: true, force: true })));
  leftovers.add(dir);
}

export interface MemoryBusHandle {
  /** The directory of the bus's store: open another bus on it to play a restart. */
  dir: string;
}

/**
 * An in-process bus over its own embedded store in a fresh directory (or `dir`, to play a restart: the
 * previous bus on it must be closed first). Closing the bus closes its store; the directory is removed
 * when the test process ends unless `dir` was given.
 */
export async function openMemoryBus(options: { dir?: string; ackWaitMs?: number; groups?: ConsumerGroups } = {}): Promise<MemoryBus & MemoryBusHandle> {
  let dir = options.dir;
  if (!dir) {
    dir = (await tempDir('lumira-bus-')).dir;
    removeAtExit(dir);
  }
  const root = await openStore({ dataDir: dir });
  const bus = await MemoryBus.open({
    store: root.forService('bus'),
    log: testLogger(),
    ...(options.ackWaitMs ? { ackWaitMs: options.ackWaitMs } : {}),
    ...(options.groups ? { groups: options.groups } : {}),
  });
  const close = bus.close.bind(bus);
  return Object.assign(bus, {
    dir,
    close: async () => {
      await close();
      await root.close();
    },
  });
}
