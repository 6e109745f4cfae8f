import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) from a Linux /proc stat file: `/proc/thread-self/stat` for the calling
 * thread, `/proc/self/stat` for this whole process, `/proc/<pid>/stat` for another. Unlike wall time or
 * event-loop busy time it leaves out time spent waiting for a core, so it moves far less between runs.
 * Undefined where /proc is not there.
 */
export function cpuMs(statFile: string): number | undefined {
  try {
    const stat = readFileSync(statFile, 'utf8');
    // The fields after the command name (which may hold spaces) start at state; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
