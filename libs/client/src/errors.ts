import type { components } from './schema.js';

export type ErrorBody = components['schemas']['ErrorBody'];

/**
 * Any answer other than 2xx, with the API's one error body: switch on `code` (stable), show `message`,
 * quote `requestId` to support. `body` is the whole error (some carry more, e.g. `missing` on delivery).
 */
export class LumiraApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly body: unknown;

  constructor(status: number, body: unknown, requestId: string | undefined) {
    const error = (body as Partial<ErrorBody> | undefined)?.error;
    super(error?.message ?? `HTTP ${status}`);
    this.name = 'LumiraApiError';
    this.status = status;
    // An answer not in our shape (a proxy in front, a network device) still gets a code to switch on.
    this.code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
    this.requestId = error?.requestId ?? requestId;
    this.body = body;
  }
}

/** The data of a 2xx answer, or the error as a LumiraApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw new LumiraApiError(result.response.status, result.error, result.response.headers.get('x-request-id') ?? undefined);
}
