import qs from 'qs';

/** stripe-node sends bracketed form bodies (`metadata[orderId]=…`, `expand[0]=…`); qs reads them back. */
export function parseForm(body: string): Record<string, unknown> {
  return qs.parse(body, { depth: 5, arrayLimit: 100, parameterLimit: 1000 }) as Record<string, unknown>;
}

export function str(params: Record<string, unknown>, name: string): string | undefined {
  const v = params[name];
  return typeof v === 'string' ? v : undefined;
}

export function record(params: Record<string, unknown>, name: string): Record<string, string> {
  const v = params[name];
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Record<string, string>;
}

export function list(params: Record<string, unknown>, name: string): string[] {
  const v = params[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (v && typeof v === 'object') return Object.values(v).filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

export function bool(params: Record<string, unknown>, name: string): boolean | undefined {
  const v = str(params, name);
  return v === undefined ? undefined : v === 'true';
}
