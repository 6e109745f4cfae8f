import type { DecodedAnswer } from './dolibarr-answer.js';
import { DolibarrError } from './dolibarr-error.js';

/** A JSON answer, or a 304 (Dolibarr's "nothing done") with no body. */
export interface DolibarrAnswer {
  status: number;
  body: unknown;
  /** Text PHP printed in front of a successful answer (warnings with display_errors on). */
  printed?: string;
}

/** Database words that mean "busy now, fine later" (MariaDB/MySQL and PostgreSQL). */
const transientDatabase =
  /lock wait timeout|deadlock|server has gone away|lost connection|too many connections|can't connect|could not connect|connection refused/i;

interface RestError {
  message: string | undefined;
  details: string[];
}

/** `{"error":{"code":500,"message":"…","0":"…","1":"…"}}` → its message and details. */
function restError(json: DecodedAnswer['json']): RestError | undefined {
  const error = (json?.value as { error?: Record<string, unknown> } | null | undefined)?.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const details = Object.keys(error)
    .filter((key) => /^\d+$/.test(key))
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => error[key])
    .filter((value): value is string => typeof value === 'string' && value.trim() !== '');
  return { message: typeof error.message === 'string' ? error.message : undefined, details };
}

function describe(label: string, status: number, error: RestError | undefined, page: string | undefined): string {
  const own = error?.message ?? `HTTP ${status} on ${label}`;
  const words = error && error.details.length > 0 ? `${own}: ${error.details.join('; ')}` : own;
  return page ? `${words} (Dolibarr printed a technical error page: ${page})` : words;
}

/**
 * Turns an answer into its JSON value or a DolibarrError of the right category, keeping Dolibarr's words.
 * `redact` removes the API key from any text that could echo it.
 */
export function classifyAnswer(label: string, status: number, decoded: DecodedAnswer, redact: (text: string) => string): DolibarrAnswer {
  const { json, page } = decoded;
  if (status === 304) return { status, body: undefined };
  const error = restError(json);
  const fail = (kind: ConstructorParameters<typeof DolibarrError>[0], message: string): never => {
    throw new DolibarrError(kind, redact(message), { status, details: (error?.details ?? []).map(redact) });
  };

  if (status >= 200 && status < 300) {
    if (json && !error) return page ? { status, body: json.value, printed: page } : { status, body: json.value };
    return fail(
      'not_json',
      `Dolibarr answered HTTP ${status} without JSON on ${label}${page ? `: ${page}` : ''}: is the API module on, is DOLIBARR_URL right?`,
    );
  }
  if (status === 401 || status === 403) return fail('auth', describe(label, status, error, page));
  if (status === 501)
    return fail(
      'wrong_url',
      `Dolibarr has no such API (HTTP 501 on ${label}${page ? `: ${page}` : ''}): DOLIBARR_URL must be the instance root, without /api/index.php`,
    );
  if (status === 408 || status === 429) return fail('server', describe(label, status, error, page));
  if (status >= 300 && status < 400) return fail('wrong_url', `Dolibarr redirected ${label} (HTTP ${status}): is DOLIBARR_URL the instance root?`);
  if (status >= 400 && status < 500) {
    if (error) return fail('refused', describe(label, status, error, page));
    return fail('wrong_url', `HTTP ${status} without Dolibarr's JSON on ${label}: is DOLIBARR_URL right?`);
  }
  if (error) {
    const words = [error.message ?? '', ...error.details].join(' ');
    return fail(transientDatabase.test(words) ? 'server' : 'refused', describe(label, status, error, page));
  }
  // A PHP error page with no answer behind it: Dolibarr itself is broken, a person must look.
  if (status === 500 && page) return fail('php_error', `Dolibarr failed with an error page on ${label}: ${page}`);
  return fail('server', `HTTP ${status} on ${label}${page ? `: ${page}` : ''}`);
}
