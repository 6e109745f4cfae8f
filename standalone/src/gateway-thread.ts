import { Worker } from 'node:worker_threads';
import type { GatewayThreadData, GatewayThreadMessage } from './gateway-thread-messages.js';
import type { RunningGateway } from './running-gateway.js';

/**
 * Run from the TypeScript sources (tests), the thread must load them too: Node 20 does not hand the
 * main thread's loader to workers, so the worker registers tsx itself before importing its program.
 */
function workerProgram(): { code: string; data: { entry: string; tsx: string | null } } {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './gateway-worker.ts' : './gateway-worker.js', import.meta.url).href;
  const code = `
    const { workerData } = require('node:worker_threads');
    (async () => {
      if (workerData.program.tsx) (await import(workerData.program.tsx)).register();
      await import(workerData.program.entry);
    })();`;
  return { code, data: { entry, tsx: fromSource ? import.meta.resolve('tsx/esm/api') : null } };
}

/**
 * The gateway on a thread of its own (GATEWAY_THREAD): on a machine with two cores or more the public
 * door no longer waits behind the services' work (the benchmark's webhook path spends about a quarter of
 * its CPU in the gateway). The price is memory: the thread has its own V8 heap and its own copy of every
 * module the gateway uses, some 30 MB resident. A gateway thread that dies stops the process: the
 * supervisor restarts it whole.
 */
export async function startGatewayThread(data: GatewayThreadData, onLog?: (line: string) => void): Promise<RunningGateway> {
  const program = workerProgram();
  const worker = new Worker(program.code, { eval: true, workerData: { ...data, program: program.data } });
  const forwardLog = (message: GatewayThreadMessage) => message.type === 'log' && onLog?.(message.line);
  let closing = false;
  const startup: { error?: (err: Error) => void; exit?: (code: number) => void; message?: (message: GatewayThreadMessage) => void } = {};
  const url = await new Promise<string>((resolve, reject) => {
    startup.error = reject;
    startup.exit = (code) => reject(new Error(`the gateway thread exited (code ${code}) before listening`));
    startup.message = (message) => {
      if (message.type === 'listening') return resolve(message.url);
      if (message.type === 'failed') reject(Object.assign(new Error(message.message), { code: message.code }));
    };
    worker.on('message', forwardLog);
    worker.once('error', startup.error);
    worker.once('exit', startup.exit);
    worker.on('message', startup.message);
  });
  // Only the start's own listeners go: removeAllListeners() would also drop the Worker's internal ones,
  // and the thread's log lines after "listening" never reached the process again.
  worker.off('error', startup.error!);
  worker.off('exit', startup.exit!);
  worker.off('message', startup.message!);
  worker.on('error', (err) => {
    throw new Error(`the gateway thread failed: ${err.message}`);
  });
  worker.on('exit', (code) => {
    if (!closing) throw new Error(`the gateway thread exited unexpectedly (code ${code})`);
  });
  return {
    url,
    load: (since) => worker.performance.eventLoopUtilization(since),
    async close() {
      if (closing) return;
      closing = true;
      // The gateway closes gracefully (in-flight requests finish); then the thread is ended, whatever
      // a library's idle socket would otherwise keep alive.
      const closed = new Promise((resolve) => {
        worker.on('message', (message: GatewayThreadMessage) => message.type === 'closed' && resolve(undefined));
        worker.once('exit', resolve);
      });
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}
