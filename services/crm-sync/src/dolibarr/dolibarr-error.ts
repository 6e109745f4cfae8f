/**
 * How a call to Dolibarr failed, sorted by what can be done about it:
 * - outage: timeouts, unreachable hosts, a proxy's 5xx page, a database that is busy (lock wait, deadlock).
 *   It passes on its own: retry with backoff for as long as it lasts.
 * - configuration: a refused key, the API module off, a URL that names no API (501, redirects, HTML where
 *   JSON was due), a PHP error page. A person must act; the work waits, without hammering the instance.
 * - refused: Dolibarr rejected this request itself (a 4xx, a database refusal such as a value too long for
 *   its column), or we refused to send it. Sending it again changes nothing: park it with Dolibarr's words.
 */
export type DolibarrErrorCategory = 'outage' | 'configuration' | 'refused';

/** The detail behind the category, for metrics and messages. */
export type DolibarrErrorKind = 'timeout' | 'unreachable' | 'server' | 'auth' | 'not_json' | 'wrong_url' | 'php_error' | 'refused' | 'client';

const categoryOf: Record<DolibarrErrorKind, DolibarrErrorCategory> = {
  timeout: 'outage',
  unreachable: 'outage',
  server: 'outage',
  auth: 'configuration',
  not_json: 'configuration',
  wrong_url: 'configuration',
  php_error: 'configuration',
  refused: 'refused',
  client: 'refused',
};

export class DolibarrError extends Error {
  override name = 'DolibarrError';
  readonly kind: DolibarrErrorKind;
  readonly category: DolibarrErrorCategory;
  readonly status: number | undefined;
  /** Dolibarr's own details (`error["0"]`, `error["1"]`, …): codes and database messages. */
  readonly details: string[];
  readonly retryable: boolean;

  constructor(kind: DolibarrErrorKind, message: string, options: { status?: number; details?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.category = categoryOf[kind];
    this.status = options.status;
    this.details = options.details ?? [];
    this.retryable = this.category === 'outage';
  }
}

/** Dolibarr's own "not found" (a JSON 404), which lookups turn into null or []. */
export function isDolibarrNotFound(error: unknown): error is DolibarrError {
  return error instanceof DolibarrError && error.kind === 'refused' && error.status === 404;
}
