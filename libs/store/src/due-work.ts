import type { Collection, Doc } from './collection.js';

/**
 * A document that carries its own schedule, so work survives restarts: the schedule is data. `dueAt` is
 * epoch ms and present only while work is due (a sparse index keeps the work list small; a number, since
 * the embedded store leaves Dates out of sparse indexes); `lockedUntil` is the end of a worker's claim.
 */
export interface DueFields {
  dueAt?: number;
  lockedUntil: number;
  attempts: number;
}

export async function createDueIndex(collection: Collection<Doc>): Promise<void> {
  await collection.createIndex('dueAt', { sparse: true });
}

/**
 * One atomic update (due and not leased → leased, one more attempt), so two replicas never take the same
 * document. A worker that dies mid-task releases it when the lease runs out.
 */
export async function claimDue<T extends Doc & DueFields>(collection: Collection<T>, leaseMs: number): Promise<T | null> {
  const now = Date.now();
  return await collection.findOneAndUpdate({ dueAt: { $lte: now }, lockedUntil: { $lte: now } }, { $set: { lockedUntil: now + leaseMs }, $inc: { attempts: 1 } });
}

export interface DueWorkerOptions<T> {
  claim: () => Promise<T | null>;
  handle: (item: T) => Promise<void>;
  pollMs: number;
  concurrency?: number;
  onPassError: (err: unknown) => void;
}

export interface DueWorker {
  /** Look for due work now (after an event recorded some), rather than at the next poll. */
  wake(): void;
  start(): void;
  /** Stops claiming and waits for the tasks in hand. */
  stop(): Promise<void>;
}

/** Drains due work in `concurrency` lanes, on wake-ups and every `pollMs`. */
export function createDueWorker<T>({ claim, handle, pollMs, concurrency = 1, onPassError }: DueWorkerOptions<T>): DueWorker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function drain(): Promise<void> {
    do {
      again = false;
      const lanes = Array.from({ length: concurrency }, async () => {
        for (let item = stopped ? null : await claim(); item; item = stopped ? null : await claim()) await handle(item);
      });
      await Promise.all(lanes);
    } while (again && !stopped);
  }

  function wake() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch(onPassError)
      .finally(() => {
        running = undefined;
      });
  }

  return {
    wake,
    start() {
      wake();
      timer = setInterval(wake, pollMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
