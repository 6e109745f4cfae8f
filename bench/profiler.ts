import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/** BENCH_PROFILE=<file>: a CPU profile of the webhook phase alone, for Chrome DevTools or speedscope. */
export async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
