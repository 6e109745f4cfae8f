import { stripeId } from './object-ids.js';
import type { EmulatorStore, ScheduledTask } from './store.js';

export type TaskKind = ScheduledTask['kind'];
type Runner = (task: ScheduledTask) => void;

/**
 * What Stripe does later on its own: a debit settling, a refund failing, a dispute opening or being decided.
 * Tasks are stored, so a restart in local mode re-arms them; tests can run them at once (`runNow`).
 */
export class Scheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly runners = new Map<TaskKind, Runner>();
  private closed = false;

  constructor(
    private readonly store: EmulatorStore,
    private readonly onError: (err: unknown) => void,
  ) {}

  on(kind: TaskKind, runner: Runner) {
    this.runners.set(kind, runner);
  }

  schedule(kind: TaskKind, target: string, delayMs: number, outcome = ''): ScheduledTask {
    const task: ScheduledTask = { id: stripeId('task', 16), dueAt: Date.now() + delayMs, kind, target, outcome };
    this.store.setTask(task);
    this.arm(task);
    return task;
  }

  /** Re-arms the tasks found in the journal. */
  start() {
    for (const task of this.store.tasks.values()) this.arm(task);
  }

  /** Runs now, in due order, every pending task the filter accepts (all of them by default); answers how many. */
  runNow(filter: (task: ScheduledTask) => boolean = () => true): number {
    const due = [...this.store.tasks.values()].filter(filter).sort((a, b) => a.dueAt - b.dueAt);
    for (const task of due) this.run(task);
    return due.length;
  }

  close() {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private arm(task: ScheduledTask) {
    if (this.closed) return;
    const timer = setTimeout(() => this.run(task), Math.max(0, task.dueAt - Date.now()));
    timer.unref();
    this.timers.set(task.id, timer);
  }

  private run(task: ScheduledTask) {
    clearTimeout(this.timers.get(task.id));
    this.timers.delete(task.id);
    if (!this.store.tasks.has(task.id)) return;
    this.store.endTask(task.id);
    try {
      this.runners.get(task.kind)?.(task);
    } catch (err) {
      this.onError(err);
    }
  }
}
