import type { Upstream } from './routes-table.js';

export interface ProxyFailure {
  status: number;
  code: string;
  message: string;
  /** The client's doing (a body too large, too slow, abandoned, unforwardable) is no warning of ours. */
  level: 'debug' | 'info' | 'warn';
}

/** Thrown through undici's signal when a service has had the whole request and still not answered. */
export class UpstreamTimeoutError extends Error {
  override readonly name = 'UpstreamTimeoutError';
}

const timeouts = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** What the client is told when forwarding its request failed. */
export function describeProxyFailure(err: unknown, upstream: Upstream): ProxyFailure {
  const { code, statusCode, message } = (err ?? {}) as { code?: string; statusCode?: number; message?: string };
  // The body guard's own refusals (413, 408, 499) carry their status and say what went wrong.
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && code) {
    return { status: statusCode, code, message: message ?? code, level: statusCode === 499 ? 'debug' : 'info' };
  }
  if (err instanceof UpstreamTimeoutError || timeouts.has(code ?? '')) {
    return { status: 504, code: 'UPSTREAM_TIMEOUT', message: `The ${upstream} service did not answer in time; please retry`, level: 'warn' };
  }
  // undici refuses what it cannot write on the wire (a header value or path Node's parser let through).
  if (code === 'UND_ERR_INVALID_ARG') {
    return { status: 400, code: 'BAD_REQUEST', message: 'The request cannot be forwarded: a header or the path is not valid HTTP', level: 'info' };
  }
  return { status: 502, code: 'UPSTREAM_UNAVAILABLE', message: `The ${upstream} service is unavailable; please retry shortly`, level: 'warn' };
}
