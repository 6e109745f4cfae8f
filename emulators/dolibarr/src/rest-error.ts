import type { FastifyReply } from 'fastify';

/** Dolibarr answers through Restler, which prefixes every message with the HTTP reason phrase. */
const reasons: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export interface RestErrorBody {
  error: Record<string, unknown> & { code: number; message: string };
  debug: { source: string; stages: { success: string[]; failure: string[] } };
}

/**
 * The body of a RestException: `details` land under the keys "0", "1", … of `error`, as Dolibarr does with
 * `$object->errors`; the `debug` block is there because API production mode is off by default.
 */
export function restErrorBody(status: number, detail?: string, details: string[] = []): RestErrorBody {
  const reason = reasons[status] ?? 'Error';
  const error: RestErrorBody['error'] = { code: status, message: detail ? `${reason}: ${detail}` : reason };
  details.forEach((value, index) => {
    error[String(index)] = value;
  });
  return {
    error,
    debug: { source: 'emulator', stages: { success: ['get', 'route', 'negotiate'], failure: ['call', 'message'] } },
  };
}

export function sendRestError(reply: FastifyReply, status: number, detail?: string, details?: string[]): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(restErrorBody(status, detail, details));
}

/** Thrown by route code; the error handler turns it into the Dolibarr body. */
export class RestException extends Error {
  constructor(
    readonly status: number,
    readonly detail?: string,
    readonly details: string[] = [],
  ) {
    super(detail ?? reasons[status] ?? 'Error');
  }
}
