import type { EventLoopUtilization } from 'node:perf_hooks';

/** The gateway as the launcher sees it, on the main thread or on a thread of its own. */
export interface RunningGateway {
  url: string;
  /** How busy the event loop the gateway runs on has been (since `since`, when given). */
  load(since?: EventLoopUtilization): EventLoopUtilization;
  close(): Promise<void>;
}
