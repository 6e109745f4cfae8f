import type { CheckResult } from '@lumira/http';

/** How a download reaches the client: streamed by the service from a local file, or a redirect to S3. */
export type Delivery = { type: 'local'; path: string } | { type: 'redirect'; url: string };

export interface FileMeta {
  contentType: string;
  size: number;
  /** The name the browser saves it under (never the customer's). */
  fileName: string;
}

/** Where reading files live. Objects are private: only the service hands them out, through signed links. */
export interface FileStore {
  readonly kind: 'embedded' | 's3';
  readonly description: string;
  /** Takes a complete, checked local file into storage under `key`; the local file may be moved. */
  put(key: string, localPath: string, meta: FileMeta): Promise<void>;
  /** Removes an object; an absent one is not an error. */
  remove(key: string): Promise<void>;
  deliver(key: string, meta: FileMeta): Promise<Delivery>;
  check(): Promise<CheckResult>;
  /** Lets go of connections (at shutdown). */
  close(): Promise<void>;
}
