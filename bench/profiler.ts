import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/**
 * BENCH_PROFILE=<file>: a CPU profile of the webhook phase alone, for Chrome DevTools or speedscope.
 * BENCH_HEAP_PROFILE=<file>: a sampling profile of what the services' thread allocates in that phase
 * (`.heapprofile`, read by DevTools' Memory tab): much of what collecting it costs runs on V8's helper
 * threads, so allocation shows as CPU off the services' thread as well as on it.
 */
export async function startProfiler(kind: 'cpu' | 'heap' = 'cpu') {
  const session = new Session();
  session.connect();
  if (kind === 'cpu') {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  } else {
    await session.post('HeapProfiler.enable');
    // One sample per 32 KiB on average; objects the collector frees stay in the profile (its flags).
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 32 * 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  return {
    async stop(file: string) {
      const { profile } = kind === 'cpu' ? await session.post('Profiler.stop') : await session.post('HeapProfiler.stopSampling');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
