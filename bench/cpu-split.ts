import { cpuMs } from './thread-cpu.js';

export interface CpuSplit {
  /** µs of CPU per order, by who spent it; undefined off Linux. */
  services: number;
  restOfSystem: number;
  emulator: number;
  load: number;
  total: number;
}

/**
 * Where the machine's cores went during a phase: the services' thread, the rest of the system's process
 * (the gateway's thread, the I/O pool, GC helpers), the Stripe emulator and the load generator. On a
 * two-core machine all four share the same cores, so the total per order is what bounds the rate.
 */
export function startCpuSplit(emulatorPid: number | undefined) {
  const read = () => ({ thread: cpuMs('/proc/thread-self/stat'), process: cpuMs('/proc/self/stat'), emulator: emulatorPid ? cpuMs(`/proc/${emulatorPid}/stat`) : undefined });
  const before = read();
  return (orders: number, loadCpuMs: number | undefined): CpuSplit | undefined => {
    const after = read();
    if ([before.thread, before.process, before.emulator, after.thread, after.process, after.emulator, loadCpuMs].some((v) => v === undefined)) return undefined;
    const perOrder = (ms: number) => (ms * 1000) / orders;
    const services = perOrder(after.thread! - before.thread!);
    const load = perOrder(loadCpuMs!);
    const restOfSystem = perOrder(after.process! - before.process!) - services - load;
    const emulator = perOrder(after.emulator! - before.emulator!);
    return { services, restOfSystem, emulator, load, total: services + restOfSystem + emulator + load };
  };
}
