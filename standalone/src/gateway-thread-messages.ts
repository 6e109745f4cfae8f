/** What the launcher hands the gateway's thread. */
export interface GatewayThreadData {
  env: Record<string, string | undefined>;
  pretty: boolean;
  /** Send each log line to the launcher instead of stdout (it has a destination of its own). */
  forwardLogs?: boolean;
}

/** What the gateway's thread tells the launcher. */
export type GatewayThreadMessage =
  { type: 'listening'; url: string } | { type: 'failed'; message: string; code: string | undefined } | { type: 'closed' } | { type: 'log'; line: string };
