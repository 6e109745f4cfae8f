import { defaultErrorBody, type SendgridError, type SendgridErrorBody } from './error-bodies.js';

export interface InjectedFailure {
  status: number;
  /** How many of the next sends fail this way; 1 unless told. */
  times?: number;
  /** Sent as `Retry-After`; a 429 always carries one, 1 second unless told. */
  retryAfterSeconds?: number;
  errors?: Array<{ message: string; field?: string | null; help?: string | null }>;
}

export interface FailureResponse {
  status: number;
  headers: Record<string, string>;
  body: SendgridErrorBody;
}

export interface FailureQueue {
  push(failure: InjectedFailure): void;
  /** The failure the next send must get, if any, spending one of its uses. */
  take(now: Date): FailureResponse | undefined;
  clear(): void;
}

/** A FIFO of scripted failures: each send takes the head, which stays until its `times` are spent. */
export function createFailureQueue(): FailureQueue {
  let queue: Array<{ failure: InjectedFailure; remaining: number }> = [];

  return {
    push(failure: InjectedFailure): void {
      const times = failure.times ?? 1;
      if (!Number.isInteger(failure.status) || failure.status < 400 || failure.status > 599) {
        throw new RangeError(`an injected failure needs a 4xx or 5xx status, got ${failure.status}`);
      }
      if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
      queue.push({ failure, remaining: times });
    },

    take(now: Date): FailureResponse | undefined {
      const head = queue[0];
      if (!head) return undefined;
      head.remaining -= 1;
      if (head.remaining === 0) queue.shift();
      return failureResponse(head.failure, now);
    },

    clear(): void {
      queue = [];
    },
  };
}

function failureResponse(failure: InjectedFailure, now: Date): FailureResponse {
  const headers: Record<string, string> = {};
  const retryAfter = failure.retryAfterSeconds ?? (failure.status === 429 ? 1 : undefined);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  if (failure.status === 429) {
    headers['x-ratelimit-limit'] = '600';
    headers['x-ratelimit-remaining'] = '0';
    headers['x-ratelimit-reset'] = String(Math.ceil(now.getTime() / 1000) + (retryAfter ?? 1));
  }
  const body = failure.errors ? { errors: failure.errors.map(normalizeError) } : defaultErrorBody(failure.status);
  return { status: failure.status, headers, body };
}

const normalizeError = (error: NonNullable<InjectedFailure['errors']>[number]): SendgridError => ({
  message: error.message,
  field: error.field ?? null,
  help: error.help ?? null,
});
