import { DolibarrError } from './dolibarr-error.js';

export interface DolibarrHttpOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

export interface DolibarrCall {
  method: 'GET' | 'POST' | 'PUT';
  /** Below /api/index.php, e.g. "/thirdparties/12". */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/** A JSON answer, or a 304 (Dolibarr's "nothing done") with no body. */
export type DolibarrAnswer = { status: 304; body: undefined } | { status: number; body: unknown };

export type DolibarrRequest = (call: DolibarrCall) => Promise<DolibarrAnswer>;

/**
 * One call to the REST API, turned into a JSON value or a DolibarrError. Redirects are not followed: the
 * key travels in a header that fetch would forward to whatever host the redirect names.
 */
export function createDolibarrRequest(options: DolibarrHttpOptions): DolibarrRequest {
  const root = `${options.baseUrl.replace(/\/+$/, '')}/api/index.php`;
  const redact = (text: string): string => (options.apiKey ? text.split(options.apiKey).join('[redacted]') : text);

  return async ({ method, path, query, body }) => {
    const label = `${method} ${path}`;
    const url = query ? `${root}${path}?${new URLSearchParams(query).toString()}` : `${root}${path}`;
    const headers: Record<string, string> = { DOLAPIKEY: options.apiKey, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let status: number;
    let contentType: string;
    let text: string;
    try {
      const response = await options.fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = response.status;
      contentType = response.headers.get('content-type') ?? '';
      text = await response.text();
    } catch (error) {
      throw transportFailure(error, label, options.timeoutMs, redact);
    }

    if (status === 304) return { status, body: undefined };
    const json = readJson(contentType, text);
    const message = redact(dolibarrMessage(json) ?? `HTTP ${status} on ${label}`);
    if (status === 401 || status === 403) throw new DolibarrError('auth', message, { status });
    if (status >= 500) throw new DolibarrError('server', message, { status });
    if (json === undefined || (status >= 300 && status < 400)) {
      const hint = 'is the API module on, is DOLIBARR_URL right?';
      throw new DolibarrError('not_json', `Dolibarr answered HTTP ${status} without JSON on ${label}: ${hint}`, { status });
    }
    if (status >= 400) throw new DolibarrError('client', message, { status });
    return { status, body: json.value };
  };
}

function transportFailure(error: unknown, label: string, timeoutMs: number, redact: (text: string) => string): DolibarrError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new DolibarrError('timeout', `Dolibarr did not answer ${label} within ${timeoutMs} ms`, { cause: error });
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new DolibarrError('unreachable', redact(`Dolibarr unreachable on ${label}: ${reason}`), { cause: error });
}

/** Wrapped so that a JSON `null` or `false` is told apart from "not JSON at all". */
function readJson(contentType: string, text: string): { value: unknown } | undefined {
  if (text === '' || (contentType !== '' && !/json/i.test(contentType))) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** `{"error":{"code":404,"message":"Not Found: Thirdparty not found"}}` → its message. */
function dolibarrMessage(json: { value: unknown } | undefined): string | undefined {
  const error = (json?.value as { error?: { message?: unknown } } | null | undefined)?.error;
  return typeof error?.message === 'string' ? error.message : undefined;
}
