import { RestException } from '../rest-error.js';

/** Restler hands PHP an array, or null when there is no body; the API methods then iterate over it. */
export function readBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new RestException(400, 'Bad request data');
  return body as Record<string, unknown>;
}

/** Restler rejects a non-integer where the method declares `int $id`. */
export function parseIdParam(value: string): number {
  if (!/^\d+$/.test(value)) throw new RestException(400, 'invalid value specified for `id`. Expecting integer value');
  return Number(value);
}

export function optionalText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  return text === '' ? null : text;
}

/** Dates arrive as Unix timestamps, sometimes as numeric strings. */
export function unixSeconds(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
