import { cpuMs } from './thread-cpu.js';

export interface CpuSplit {
  /** µs of CPU per order, by who spent it; undefined off Linux. */
  services: number;
  restOfSystem: number;
  emulator: number;
  /** The nats-server process, when the round runs over NATS (0 otherwise). */
  broker: number;
  load: number;
  total: number;
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
    const emulator = perOrder(after.emulator! - before.emulator!);
    const broker = perOrder(after.broker! - before.broker!);
    return { services, restOfSystem, emulator, broker, load, total: services + restOfSystem + emulator + broker + load };
  };
}
