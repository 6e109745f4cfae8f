import { readdirSync, readFileSync } from 'node:fs';
import { cpuMs } from './thread-cpu.js';

export interface CpuSplit {
  /** µs of CPU per order, by who spent it; undefined off Linux. */
  services: number;
  restOfSystem: number;
  /** The rest of the system's process by thread: the gateway's worker thread, V8's helpers, the I/O pool, the rest. */
  rest: { workerThreads: number; v8Helpers: number; ioPool: number; other: number };
  emulator: number;
  /** The nats-server process, when the round runs over NATS (0 otherwise). */
  broker: number;
  load: number;
  total: number;
}

type ThreadKind = 'WorkerThread' | 'V8Worker' | 'libuv-worker';
const kindNames: ThreadKind[] = ['WorkerThread', 'V8Worker', 'libuv-worker'];

/**
 * CPU (ms) of this process's threads, by thread id, with the name Node and V8 give them: `WorkerThread`
 * (worker_threads: the gateway's and the load generator's), `V8Worker` (V8's helpers:
 * concurrent and parallel GC, background compilation), `libuv-worker` (the I/O pool: file system, DNS).
 */
function threads(): Map<string, { kind: ThreadKind; ms: number }> {
  const found = new Map<string, { kind: ThreadKind; ms: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const kind = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() as ThreadKind;
      if (kindNames.includes(kind)) found.set(tid, { kind, ms: cpuMs(`/proc/self/task/${tid}/stat`) ?? 0 });
    } catch {
      // The thread ended while the list was read.
    }
  }
  return found;
}

/**
 * CPU per kind over a phase, counting only the threads that lived through all of it; a thread that began
 * or ended within the phase stays in the process's total, so in `other`.
 */
function kindsBetween(before: ReturnType<typeof threads>, after: ReturnType<typeof threads>): Record<ThreadKind, number> {
  const sums: Record<ThreadKind, number> = { WorkerThread: 0, V8Worker: 0, 'libuv-worker': 0 };
  for (const [tid, t] of after) {
    const start = before.get(tid);
    if (start) sums[t.kind] += t.ms - start.ms;
  }
  return sums;
}

/**
 * Where the machine's cores went during a phase: the services' thread, the rest of the system's process
 * (the gateway's thread, the I/O pool, GC helpers), the Stripe emulator, nats-server when there is one, and
 * the load generator. On a two-core machine all of them share the same cores, so the total per order is
 * what bounds the rate.
 */
export function startCpuSplit(emulatorPid: number | undefined, brokerPid?: number) {
  const other = (pid: number | undefined) => (pid ? cpuMs(`/proc/${pid}/stat`) : undefined);
  const read = () => ({
    thread: cpuMs('/proc/thread-self/stat'),
    process: cpuMs('/proc/self/stat'),
    emulator: other(emulatorPid),
    broker: brokerPid ? other(brokerPid) : 0,
    threads: threads(),
  });
  const before = read();
  return (orders: number, loadCpuMs: number | undefined): CpuSplit | undefined => {
    const after = read();
    const all = [before.thread, before.process, before.emulator, before.broker, after.thread, after.process, after.emulator, after.broker, loadCpuMs];
    if (all.some((v) => v === undefined)) return undefined;
    const perOrder = (ms: number) => (ms * 1000) / orders;
    const services = perOrder(after.thread! - before.thread!);
    const load = perOrder(loadCpuMs!);
    const restOfSystem = perOrder(after.process! - before.process!) - services - load;
    const kinds = kindsBetween(before.threads, after.threads);
    // The worker threads are the gateway's and the load generator's, which reports its own CPU.
    const workerThreads = perOrder(kinds.WorkerThread) - load;
    const v8Helpers = perOrder(kinds.V8Worker);
    const ioPool = perOrder(kinds['libuv-worker']);
    const rest = { workerThreads, v8Helpers, ioPool, other: restOfSystem - workerThreads - v8Helpers - ioPool };
    const emulator = perOrder(after.emulator! - before.emulator!);
    const broker = perOrder(after.broker! - before.broker!);
    return { services, restOfSystem, rest, emulator, broker, load, total: services + restOfSystem + emulator + broker + load };
  };
}
