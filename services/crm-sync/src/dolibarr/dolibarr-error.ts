/**
 * How a call to Dolibarr failed, sorted by what the caller can do about it. Timeouts, unreachable hosts and
 * 5xx may pass on their own: retry later. Refused keys, an API module switched off (HTML instead of JSON)
 * and requests Dolibarr rejects need a person: keep the work pending, but do not hammer the instance.
 */
export type DolibarrErrorKind = 'auth' | 'not_json' | 'timeout' | 'unreachable' | 'server' | 'client';

const retryableKinds: ReadonlySet<DolibarrErrorKind> = new Set(['timeout', 'unreachable', 'server']);

export class DolibarrError extends Error {
  override name = 'DolibarrError';
  readonly kind: DolibarrErrorKind;
  readonly status: number | undefined;
  readonly retryable: boolean;

  constructor(kind: DolibarrErrorKind, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.status = options.status;
    this.retryable = retryableKinds.has(kind);
  }
}

/** Dolibarr's own "not found" (a JSON 404), which lookups turn into null or []. */
export function isDolibarrNotFound(error: unknown): error is DolibarrError {
  return error instanceof DolibarrError && error.kind === 'client' && error.status === 404;
}
