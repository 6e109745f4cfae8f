import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Work a service runs besides answering requests: outbox relays, due-work senders, pollers. */
export interface BackgroundTask {
  start(): void;
  stop(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's producers; started once the app is ready, stopped before it closes. */
    background: Background;
  }
}

/**
 * Producers start after every consumer of the process has subscribed, and stop before any of them: the
 * app registers its subscriptions while it is built, and its producers here. They start when the app
 * becomes ready — the single-process launcher readies every service only once all are built — and the
 * launcher stops every app's producers before it closes the first app.
 */
export class Background {
  private readonly tasks: { name: string; task: BackgroundTask }[] = [];
  private started = false;
  private stopping: Promise<void> | undefined;

  add(name: string, task: BackgroundTask): void {
    this.tasks.push({ name, task });
    if (this.started) task.start();
  }

  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    for (const { task } of this.tasks) task.start();
  }

  /** Reverse order of start; safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (!this.started) return;
      for (const { task } of [...this.tasks].reverse()) await task.stop();
    })();
    return this.stopping;
  }
}

export const backgroundPlugin = fp(
  async (app: FastifyInstance) => {
    const background = new Background();
    app.decorate('background', background);
    app.addHook('onReady', async () => background.start());
    app.addHook('preClose', async () => await background.stop());
  },
  { name: 'lumira-background', fastify: '5.x' },
);
