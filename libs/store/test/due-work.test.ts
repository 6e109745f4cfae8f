import t from 'tap';
import { claimDue, createDueIndex, createDueWorker, type DueFields } from '@lumira/store';
import { tempStore, waitFor } from '@lumira/testing';

interface Task extends DueFields {
  _id: string;
}

t.test('two workers over one collection handle each due document once, and skip what is not due', async (t) => {
  const root = await tempStore(t);
  const tasks = root.forService('due').collection<Task>('tasks');
  await createDueIndex(tasks);
  for (let i = 0; i < 20; i++) await tasks.insertOne({ _id: `t${i}`, dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  await tasks.insertOne({ _id: 'later', dueAt: Date.now() + 60_000, lockedUntil: 0, attempts: 0 });
  await tasks.insertOne({ _id: 'idle', lockedUntil: 0, attempts: 0 });

  const handled: string[] = [];
  const worker = () =>
    createDueWorker<Task>({
      claim: () => claimDue(tasks, 10_000),
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
  const root = await tempStore(t);
  const tasks = root.forService('due').collection<Task>('tasks');
  await tasks.insertOne({ _id: 'x', dueAt: Date.now(), lockedUntil: 0, attempts: 0 });
  t.equal((await claimDue(tasks, 50))?._id, 'x');
  t.equal(await claimDue(tasks, 50), null, 'leased');
  await new Promise((r) => setTimeout(r, 80));
  const again = await claimDue(tasks, 50);
  t.equal(again?._id, 'x');
  t.equal(again?.attempts, 2);
});
