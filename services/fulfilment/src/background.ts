import type { Logger } from 'pino';

export interface Background {
  /** Runs a task after the reply, logging (never throwing) its failure. */
  run(what: string, task: () => Promise<void>): void;
  /** Waits for the tasks still running (at shutdown). */
  drain(): Promise<void>;
}

export function backgroundTasks(log: Logger): Background {
  const running = new Set<Promise<void>>();
  return {
    run(what, task) {
      const done: Promise<void> = task()
        .catch((err: unknown) => log.error({ err }, `${what} failed`))
        .finally(() => running.delete(done));
      running.add(done);
    },
    async drain() {
      await Promise.all(running);
    },
  };
}
