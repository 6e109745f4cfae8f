import createError from '@fastify/error';

/**
 * Errors shared by every service. A 5xx error only shows its message to the caller when it is one of
 * ours and marked `expose` (e.g. "Failed to create payment intent"); anything else becomes a generic line.
 */
export const UnauthorizedError = createError('UNAUTHORIZED', 'Missing or invalid credentials', 401);
export const NotFoundError = createError<[string]>('NOT_FOUND', '%s not found', 404);
export const ConflictError = createError<[string]>('CONFLICT', '%s', 409);
export const BadGatewayError = createError<[string]>('BAD_GATEWAY', '%s', 502);
export const UnavailableError = createError<[string]>('UNAVAILABLE', '%s', 503);

/** Marks an error's message as safe to show even with a 5xx status. */
export function exposed<E extends Error>(err: E): E {
  return Object.assign(err, { expose: true });
}

/** A 5xx error class whose message is written for the customer (the seed's own wording, for example). */
export function createExposedError<C extends string>(code: C, message: string, statusCode: number) {
  const Base = createError(code, message, statusCode);
  return class extends Base {
    readonly expose = true;
  };
}

/** The admin API with no ADMIN_API_KEY configured: off on purpose, and the message says how to turn it on. */
export class AdminDisabledError extends createExposedError(
  'ADMIN_DISABLED',
  'The admin API is off on this server: set ADMIN_API_KEY (at least 16 characters) to turn it on',
  503,
) {
  /** Any caller can trigger it, and it is the configuration working as set: not an error-level log line. */
  readonly logLevel = 'info';
}
