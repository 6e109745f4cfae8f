import { decodeAnswer } from './dolibarr-answer.js';
import { classifyAnswer, type DolibarrAnswer } from './dolibarr-classify.js';
import { DolibarrError } from './dolibarr-error.js';
import { createWire, WireError } from './dolibarr-wire.js';

export interface DolibarrHttpOptions {
  baseUrl: string;
  apiKey: string;
  /** The whole call: connection, headers and body. */
  timeoutMs: number;
  maxBodyBytes?: number;
}

export interface DolibarrCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below /api/index.php, e.g. "/thirdparties/12". */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

export type { DolibarrAnswer };

export interface DolibarrRequest {
  (call: DolibarrCall): Promise<DolibarrAnswer>;
  close(): void;
}

/**
 * One call to the REST API, turned into a JSON value or a DolibarrError. Redirects are not followed (the key
 * travels in a header that would go to whatever host the redirect names); the answer is asked for in
 * `identity` encoding and read defensively all the same.
 */
export function createDolibarrRequest(options: DolibarrHttpOptions): DolibarrRequest {
  const root = `${options.baseUrl.replace(/\/+$/, '')}/api/index.php`;
  const redact = (text: string): string => (options.apiKey ? text.split(options.apiKey).join('[redacted]') : text);
  const wire = createWire({ deadlineMs: options.timeoutMs, maxBodyBytes: options.maxBodyBytes ?? 5 * 1024 * 1024 });

  const request = async ({ method, path, query, body }: DolibarrCall): Promise<DolibarrAnswer> => {
    const label = `${method} ${path}`;
    const url = new URL(query ? `${root}${path}?${new URLSearchParams(query).toString()}` : `${root}${path}`);
    const headers: Record<string, string> = { DOLAPIKEY: options.apiKey, Accept: 'application/json', 'Accept-Encoding': 'identity' };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    let answer;
    try {
      answer = await wire.exchange({ url, method, headers, ...(payload === undefined ? {} : { body: payload }) });
    } catch (error) {
      throw transportFailure(error, label, options.timeoutMs, redact);
    }
    const decoded = decodeAnswer(answer.bytes, {
      contentType: String(answer.headers['content-type'] ?? ''),
      contentEncoding: String(answer.headers['content-encoding'] ?? ''),
    });
    return classifyAnswer(label, answer.status, decoded, redact);
  };
  return Object.assign(request, { close: () => wire.close() });
}

function transportFailure(error: unknown, label: string, timeoutMs: number, redact: (text: string) => string): DolibarrError {
  if (error instanceof WireError && error.reason === 'timeout') {
    return new DolibarrError('timeout', `Dolibarr did not answer ${label} within ${timeoutMs} ms`, { cause: error });
  }
  if (error instanceof WireError && error.reason === 'too_large') {
    return new DolibarrError('not_json', `Dolibarr's answer to ${label} is too large: ${error.message}`, { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new DolibarrError('unreachable', redact(`Dolibarr unreachable on ${label}: ${reason}`), { cause: error });
}
