import t, { type Test } from 'tap';
import {
  claimDue,
  createDueIndex,
  createDueWorker,
  findDueIds,
  releaseAbandonedClaims,
  renewClaim,
  settleClaim,
  type Collection,
  type DueFields,
  type DueWorker,
} from '@lumira/store';
import { tempStore, waitFor } from '@lumira/testing';

interface Task extends DueFields {
  _id: string;
}

/** A fresh collection of due tasks, with the index the services create. */
async function dueTasks(t: Test): Promise<Collection<Task>> {
  const root = await tempStore(t);
  const tasks = root.forService('due').collection<Task>('tasks');
  await createDueIndex(tasks);
  return tasks;
}

t.test('two workers over one collection handle each due document once, and skip what is not due', async (t) => {
  const tasks = await dueTasks(t);
  for (let i = 0; i < 20; i++) await tasks.insertOne({ _id: `t${i}`, dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  await tasks.insertOne({ _id: 'later', dueAt: Date.now() + 60_000, lockedUntil: 0, attempts: 0 });
  await tasks.insertOne({ _id: 'idle', lockedUntil: 0, attempts: 0 });

  const handled: string[] = [];
  const worker = () =>
    createDueWorker<Task>({
      claim: (id) => claimDue(tasks, 10_000, id),
      findDue: (limit) => findDueIds(tasks, limit),
      leaseMs: 10_000,
      handle: async (task) => {
        handled.push(task._id);
        await tasks.updateOne({ _id: task._id }, { $unset: { dueAt: '' }, $set: { lockedUntil: 0 } });
      },
      pollMs: 20,
      concurrency: 3,
      onPassError: (err) => t.fail(String(err)),
    });
  const a = worker();
  const b = worker();
  a.start();
  b.start();
  await waitFor(() => handled.length >= 20, { what: 'all due tasks' });
  await new Promise((r) => setTimeout(r, 100));
  await Promise.all([a.stop(), b.stop()]);
  t.equal(handled.length, 20, 'each once');
  t.equal(new Set(handled).size, 20);
  t.notOk(handled.includes('later') || handled.includes('idle'));
  t.equal((await tasks.findOne({ _id: 't3' }))?.attempts, 1);
});

t.test('a claim held by a worker that died is taken again once its lease ends', async (t) => {
  const tasks = await dueTasks(t);
  await tasks.insertOne({ _id: 'x', dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  t.equal((await claimDue(tasks, 50, 'x'))?._id, 'x');
  t.equal(await claimDue(tasks, 50, 'x'), null, 'leased');
  await new Promise((r) => setTimeout(r, 80));
  const again = await claimDue(tasks, 50, 'x');
  t.equal(again?._id, 'x');
  t.equal(again?.attempts, 2);
});

/** A worker over `tasks` that records what it handled and how often it scanned for due work. */
function countingWorker(t: Test, tasks: Collection<Task>, options: { concurrency?: number; pollMs?: number; leaseMs?: number } = {}) {
  const handled: string[] = [];
  const calls = { scans: 0, claims: 0 };
  const worker: DueWorker = createDueWorker<Task>({
    claim: async (id) => {
      calls.claims++;
      return await claimDue(tasks, options.leaseMs ?? 10_000, id);
    },
    findDue: async (limit) => {
      calls.scans++;
      return await findDueIds(tasks, limit);
    },
    handle: async (task) => {
      handled.push(task._id);
      await tasks.updateOne({ _id: task._id }, { $unset: { dueAt: '' }, $set: { lockedUntil: 0 } });
    },
    pollMs: options.pollMs ?? 60_000,
    leaseMs: options.leaseMs ?? 10_000,
    concurrency: options.concurrency ?? 4,
    onPassError: (err) => t.fail(String(err)),
  });
  t.teardown(() => worker.stop());
  return { worker, handled, calls };
}

t.test('announced work is claimed by its id: a burst costs one claim per task, not a scan each', async (t) => {
  const tasks = await dueTasks(t);
  const { worker, handled, calls } = countingWorker(t, tasks);
  worker.start();
  await waitFor(() => calls.scans === 1, { what: 'the start scan' });
  for (let i = 0; i < 200; i++) {
    await tasks.insertOne({ _id: `b${i}`, dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
    worker.wake(`b${i}`);
  }
  await waitFor(() => handled.length === 200, { what: 'the burst' });
  t.equal(new Set(handled).size, 200, 'each once');
  t.equal(calls.scans, 1, 'no scan after the one at start');
  t.equal(calls.claims, 200, 'one claim per task');
});

t.test('unannounced work is found in batches until none is left', async (t) => {
  const tasks = await dueTasks(t);
  for (let i = 0; i < 70; i++) await tasks.insertOne({ _id: `u${i}`, dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  const { worker, handled, calls } = countingWorker(t, tasks, { concurrency: 1 });
  worker.start();
  await waitFor(() => handled.length === 70, { what: 'all found' });
  await worker.stop();
  t.equal(new Set(handled).size, 70);
  t.ok(calls.scans >= 5, `70 tasks in batches of 16 take five scans (${calls.scans})`);
});

t.test('an announced id that is not due yet is left for the poll that finds it due', async (t) => {
  const tasks = await dueTasks(t);
  const { worker, handled } = countingWorker(t, tasks, { pollMs: 30 });
  await tasks.insertOne({ _id: 'soon', dueAt: Date.now() + 150, lockedUntil: 0, attempts: 0 });
  worker.start();
  worker.wake('soon');
  await new Promise((r) => setTimeout(r, 60));
  t.same(handled, [], 'not before it is due');
  await waitFor(() => handled.length === 1, { what: 'the poll' });
  t.same(handled, ['soon']);
  t.equal((await tasks.findOne({ _id: 'soon' }))?.attempts, 1, 'the early wake claimed nothing');
});

t.test('a claim by id takes only that document, and only while it is due and free', async (t) => {
  const tasks = await dueTasks(t);
  await tasks.insertOne({ _id: 'a', dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  await tasks.insertOne({ _id: 'b', dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  t.equal((await claimDue(tasks, 10_000, 'b'))?._id, 'b');
  t.equal(await claimDue(tasks, 10_000, 'b'), null, 'leased now');
  t.equal(await claimDue(tasks, 10_000, 'missing'), null);
  t.same(await findDueIds(tasks, 10), ['a'], 'the leased one is not listed as due');
});

t.test('a document written already claimed is handed over and handled with no claim at all', async (t) => {
  const tasks = await dueTasks(t);
  const { worker, handled, calls } = countingWorker(t, tasks);
  worker.start();
  await waitFor(() => calls.scans === 1, { what: 'the start scan' });
  for (let i = 0; i < 50; i++) {
    const task: Task = { _id: `o${i}`, dueAt: Date.now(), lockedUntil: Date.now() + 10_000, attempts: 1 };
    await tasks.insertOne(task);
    worker.offer(task);
  }
  await waitFor(() => handled.length === 50, { what: 'the hand-overs' });
  t.equal(calls.claims, 0, 'no claim written');
  t.equal(calls.scans, 1);
  t.equal(new Set(handled).size, 50);
});

t.test('a hand-over whose claim is half gone is not started; a scan takes it once the claim has run out', async (t) => {
  const tasks = await dueTasks(t);
  const { worker, handled } = countingWorker(t, tasks, { leaseMs: 200, pollMs: 40 });
  const task: Task = { _id: 'stale', dueAt: Date.now(), lockedUntil: Date.now() + 80, attempts: 1 };
  await tasks.insertOne(task);
  worker.start();
  worker.offer(task);
  await new Promise((r) => setTimeout(r, 40));
  t.same(handled, [], 'not handled from the hand-over');
  await waitFor(() => handled.length === 1, { what: 'the scan after the claim ran out' });
  t.same(handled, ['stale']);
  t.equal((await tasks.findOne({ _id: 'stale' }))?.attempts, 2, 'taken by a claim of its own');
});

t.test('a hand-over lost with its process is found by a scan when its claim runs out', async (t) => {
  const tasks = await dueTasks(t);
  await tasks.insertOne({ _id: 'orphan', dueAt: Date.now(), lockedUntil: Date.now() + 100, attempts: 1 });
  const { worker, handled } = countingWorker(t, tasks, { pollMs: 30 });
  worker.start();
  await new Promise((r) => setTimeout(r, 60));
  t.same(handled, [], 'still claimed by the process that wrote it');
  await waitFor(() => handled.length === 1, { what: 'the orphan' });
  t.same(handled, ['orphan']);
});

t.test('fenced leases: a task that outlived its claim cannot overwrite the result of the worker that took over', async (t) => {
  const tasks = await dueTasks(t);
  await tasks.insertOne({ _id: 'job', dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  const slow = await claimDue(tasks, 30, 'job');
  t.ok(slow?.leaseToken, 'a claim carries a token');
  await new Promise((r) => setTimeout(r, 50));
  const fast = await claimDue(tasks, 10_000, 'job');
  t.ok(fast && fast.leaseToken !== slow!.leaseToken, 'taken again under a new token once the first claim ran out');
  t.ok(await settleClaim(tasks, fast!, { $set: { result: 'second' }, $unset: { dueAt: '' } }), 'the holder records its outcome');
  t.notOk(await settleClaim(tasks, slow!, { $set: { result: 'first' }, $unset: { dueAt: '' } }), 'the late one is refused');
  t.notOk(await renewClaim(tasks, slow!, 10_000), 'nor can it renew');
  const doc = (await tasks.findOne({ _id: 'job' })) as Task & { result?: string };
  t.equal(doc.result, 'second');
  t.equal(doc.leaseToken, null, 'settling ends the claim');
  t.equal(doc.lockedUntil, 0);
});

t.test('two workers, one store, a task slower than its lease: the effect is recorded once, by the last claim', async (t) => {
  const tasks = await dueTasks(t);
  await tasks.insertOne({ _id: 'mail', dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  const effects: string[] = [];
  const recorded: string[] = [];
  const worker = (name: string, delayMs: number) =>
    createDueWorker<Task>({
      claim: (id) => claimDue(tasks, 60, id),
      findDue: (limit) => findDueIds(tasks, limit),
      leaseMs: 60,
      taskBudgetMs: 1_000,
      handle: async (task) => {
        await new Promise((r) => setTimeout(r, delayMs));
        effects.push(name);
        if (await settleClaim(tasks, task, { $set: { by: name }, $unset: { dueAt: '' } })) recorded.push(name);
      },
      pollMs: 20,
      onPassError: () => undefined,
    });
  const slow = worker('slow', 200);
  slow.start();
  await waitFor(async () => (await tasks.findOne({ _id: 'mail' }))?.attempts === 1, { what: 'the first claim' });
  const fast = worker('fast', 0);
  fast.start();
  await waitFor(() => effects.length === 2, { what: 'both tasks to end' });
  await Promise.all([slow.stop(), fast.stop()]);
  t.same(recorded, ['fast'], 'only the claim in force records');
  t.equal(((await tasks.findOne({ _id: 'mail' })) as Task & { by?: string }).by, 'fast');
});

t.test('a long task keeps its claim by renewing it, so no other worker takes it meanwhile', async (t) => {
  const tasks = await dueTasks(t);
  await tasks.insertOne({ _id: 'long', dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  let runs = 0;
  const worker = () =>
    createDueWorker<Task>({
      // A lease long enough for a loaded machine's event loop to renew it in time (every third of it).
      claim: (id) => claimDue(tasks, 600, id),
      findDue: (limit) => findDueIds(tasks, limit),
      renew: (task) => renewClaim(tasks, task, 600),
      leaseMs: 600,
      taskBudgetMs: 10_000,
      handle: async (task) => {
        runs++;
        await new Promise((r) => setTimeout(r, 3_000));
        await settleClaim(tasks, task, { $unset: { dueAt: '' } });
      },
      pollMs: 50,
      onPassError: (err) => t.fail(String(err)),
    });
  const a = worker();
  const b = worker();
  a.start();
  b.start();
  await waitFor(async () => (await tasks.findOne({ _id: 'long' }))?.dueAt === undefined, { what: 'the long task', timeoutMs: 20_000 });
  await Promise.all([a.stop(), b.stop()]);
  t.equal(runs, 1, 'five lease lengths long, run once');
});

t.test('a task that never settles costs its lane one budget; the other work goes on and stop() returns', async (t) => {
  const tasks = await dueTasks(t);
  await tasks.insertOne({ _id: 'stuck', dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  const errors: string[] = [];
  const handled: string[] = [];
  const worker = createDueWorker<Task>({
    claim: (id) => claimDue(tasks, 10_000, id),
    findDue: (limit) => findDueIds(tasks, limit),
    leaseMs: 10_000,
    taskBudgetMs: 100,
    handle: async (task) => {
      if (task._id === 'stuck') return await new Promise<void>(() => undefined);
      handled.push(task._id);
      await settleClaim(tasks, task, { $unset: { dueAt: '' } });
    },
    pollMs: 60_000,
    concurrency: 1,
    onPassError: (err) => errors.push((err as Error).message),
  });
  worker.start();
  await waitFor(async () => (await tasks.findOne({ _id: 'stuck' }))?.attempts === 1, { what: 'the stuck task to start' });
  for (let i = 0; i < 5; i++) {
    await tasks.insertOne({ _id: `after${i}`, dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
    worker.wake(`after${i}`);
  }
  await waitFor(() => handled.length === 5, { what: 'the work behind the stuck task' });
  await worker.stop();
  t.match(errors.join('\n'), /stuck ran past its budget/);
});

t.test('a claim that throws ends that pass only: the next wake works, and stop() waits for every lane', async (t) => {
  const tasks = await dueTasks(t);
  let failClaims = true;
  const handled: string[] = [];
  const errors: unknown[] = [];
  const worker = createDueWorker<Task>({
    claim: async (id) => {
      if (failClaims) throw new Error('store away');
      return await claimDue(tasks, 10_000, id);
    },
    findDue: (limit) => findDueIds(tasks, limit),
    leaseMs: 10_000,
    handle: async (task) => {
      await new Promise((r) => setTimeout(r, 30));
      handled.push(task._id);
      await settleClaim(tasks, task, { $unset: { dueAt: '' } });
    },
    pollMs: 60_000,
    concurrency: 3,
    onPassError: (err) => errors.push(err),
  });
  for (let i = 0; i < 6; i++) await tasks.insertOne({ _id: `c${i}`, dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  worker.start();
  await waitFor(() => errors.length > 0, { what: 'a failed claim' });
  failClaims = false;
  worker.wake();
  await waitFor(() => handled.length === 6, { what: 'every task after the store came back' });
  worker.wake();
  await worker.stop();
  t.equal(new Set(handled).size, 6);
});

t.test('claims left by a dead process are released at once, and only claims', async (t) => {
  const tasks = await dueTasks(t);
  await tasks.insertOne({ _id: 'held', dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  await tasks.insertOne({ _id: 'free', dueAt: Date.now() + 60_000, lockedUntil: 0, attempts: 0 });
  const dead = await claimDue(tasks, 60_000, 'held');
  t.equal(await releaseAbandonedClaims(tasks), 1);
  t.same(await findDueIds(tasks, 10), ['held'], 'due again now, not in a minute');
  t.notOk(await settleClaim(tasks, dead!, { $unset: { dueAt: '' } }), 'the dead claim can no longer record anything');
});
