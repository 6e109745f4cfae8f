/** What the worker needs to know of a document it is handed already claimed. */
export interface ClaimedItem {
  _id: string;
  lockedUntil: number;
}

export interface DueWorkerOptions<T extends ClaimedItem> {
  /** Claims the due document with this id, or null when it is not (or no longer) due. */
  claim: (id: string) => Promise<T | null>;
  /** Ids of some documents due now: the work nobody announced (retries, restarts, other replicas' leftovers). */
  findDue: (limit: number) => Promise<string[]>;
  /** Does the work and records its outcome under the item's claim. A throw is logged; the claim then runs out. */
  handle: (item: T) => Promise<void>;
  pollMs: number;
  /** The length of a claim: an item handed over with less than half of it left is not started. */
  leaseMs: number;
  /**
   * Extends the item's claim (false: it was lost). Given, a task's claim is renewed every third of a
   * lease while it runs, up to `taskBudgetMs`; without it a task has one lease.
   */
  renew?: (item: T) => Promise<boolean>;
  /**
   * How long a lane waits for one task (default: one lease). A task still running then is left behind:
   * its claim runs out, another worker may take the document, and the late task's writes are fenced by
   * its claim. The lane goes on with other work, so one call that never settles cannot stop the worker.
   */
  taskBudgetMs?: number;
  concurrency?: number;
  /** A pass or a task that failed outside its own recording (a store outage, a bug): logged, never fatal. */
  onPassError: (err: unknown) => void;
}

export interface DueWorker<T extends ClaimedItem = ClaimedItem> {
  /**
   * Look for due work now rather than at the next poll: the document with this id (just recorded), or
   * without an id, whatever is due.
   */
  wake(id?: string): void;
  /**
   * Hands over a document this process has just written already claimed (lockedUntil set, one attempt
   * counted): it is handled without a claim's look-up and write. If this process dies first, the
   * claim runs out and a scan finds it like any other due document.
   */
  offer(item: T): void;
  start(): void;
  /** Stops claiming and waits for the tasks in hand (each at most its budget). */
  stop(): Promise<void>;
}

/**
 * Drains due work in `concurrency` lanes. Announced ids are claimed one by one by key; a scan for
 * anything due runs at start, every `pollMs` and on a wake without an id, in batches. Claiming "any due
 * document" for every task would walk all due documents each time: quadratic in a burst.
 */
export function createDueWorker<T extends ClaimedItem>(options: DueWorkerOptions<T>): DueWorker<T> {
  const { claim, findDue, handle, pollMs, leaseMs, renew, concurrency = 1, onPassError } = options;
  const taskBudgetMs = options.taskBudgetMs ?? leaseMs;
  const batch = Math.max(16, concurrency * 8);
  const announced = new Set<string>();
  const offered = new Set<T>();
  let scanWanted = false;
  let scanning: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function scan(): Promise<void> {
    scanWanted = false;
    const ids = await findDue(batch);
    for (const id of ids) announced.add(id);
    // A full batch may hide more: scan again once these are taken.
    if (ids.length === batch) scanWanted = true;
  }

  async function next(): Promise<T | null> {
    for (;;) {
      if (stopped) return null;
      const item = offered.values().next().value;
      if (item) offered.delete(item);
      // A hand-over that waited too long is left to run out: its claim could end mid-task, and another
      // replica would then take it too. Once it has run out, a scan finds it.
      if (item && item.lockedUntil - Date.now() >= leaseMs / 2) return item;
      if (item) continue;
      const id = announced.values().next();
      if (!id.done) {
        announced.delete(id.value);
        const claimed = await claim(id.value);
        if (claimed) return claimed;
        continue;
      }
      if (scanning) {
        await scanning;
        continue;
      }
      if (!scanWanted) return null;
      scanning = scan().finally(() => {
        scanning = undefined;
      });
    }
  }

  /** Runs one task for at most its budget, renewing its claim meanwhile when the worker can. */
  async function runTask(item: T): Promise<void> {
    let budget: NodeJS.Timeout | undefined;
    let renewal: NodeJS.Timeout | undefined;
    const task = handle(item).catch(onPassError);
    const expired = new Promise<'expired'>((resolve) => {
      budget = setTimeout(() => resolve('expired'), taskBudgetMs);
    });
    if (renew) {
      renewal = setInterval(
        () => {
          renew(item).then((held) => {
            if (!held) clearInterval(renewal);
          }, onPassError);
        },
        Math.max(10, Math.floor(leaseMs / 3)),
      );
    }
    try {
      const outcome = await Promise.race([task, expired]);
      if (outcome === 'expired') onPassError(new Error(`task ${item._id} ran past its budget of ${taskBudgetMs} ms: left to its claim`));
    } finally {
      clearTimeout(budget);
      clearInterval(renewal);
    }
  }

  async function lane(): Promise<void> {
    try {
      for (let item = await next(); item; item = await next()) await runTask(item);
    } catch (err) {
      // A claim or a scan failed (the store is away): this pass ends, the next wake or poll tries again.
      onPassError(err);
    }
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      await Promise.all(Array.from({ length: concurrency }, lane));
    } while (again && !stopped);
  }

  function wake(id?: string) {
    if (stopped) return;
    if (id === undefined) scanWanted = true;
    else announced.add(id);
    run();
  }

  function run() {
    if (running) {
      again = true;
      return;
    }
    running = drain().finally(() => {
      running = undefined;
    });
  }

  return {
    wake,
    offer(item) {
      if (stopped) return;
      offered.add(item);
      run();
    },
    start() {
      wake();
      timer = setInterval(() => wake(), pollMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
