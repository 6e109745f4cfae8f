/** What the launcher hands the gateway's thread. */
export interface GatewayThreadData {
  env: Record<string, string | undefined>;
  pretty: boolean;
}

/** What the gateway's thread tells the launcher. */
export type GatewayThreadMessage =
  | { type: 'listening'; url: string }
  | { type: 'failed'; message: string; code: string | undefined }
  | { type: 'closed' };
