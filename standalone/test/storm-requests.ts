import { ADMIN_KEY } from './harness.js';

/** A small seeded generator (mulberry32): the same seed gives the same storm. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof seeded>;

const PATHS = [
  '/api/products',
  '/api/products/',
  '/api/products/create-payment-intent',
  '/api/products/x?y=1&y=2',
  '/api/payments/create-payment-intent',
  '/api/payments',
  '/api/payments/x/y',
  '/api/webhooks/stripe',
  '/api/webhooks/stripe/extra',
  '/api/orders/ord_123',
  '/api/orders/',
  '/api/orders/%E2%9C%93',
  '/api/orders/' + 'o'.repeat(300),
  '/api/users',
  '/api/users/u_1',
  '/api/admin/orders?limit=abc',
  '/api/admin/orders?status=pending&limit=5',
  '/api/admin/users?email=%40',
  '/api/admin/users?cursor=' + 'c'.repeat(400),
  '/api/admin/notifications?status=nope',
  '/api/admin/notifications/n_1/retry',
  '/api/admin/crm/status?limit=-1',
  '/api/admin/crm/resync',
  '/docs',
  '/docs/json',
  '/docs/static/index.html',
  '/ready',
  '/health',
  '/metrics',
  '/',
  '/nope',
  '/api',
  '/api/unknown/route',
  '/.env',
  '/api/orders/../admin/orders',
  '/api/orders/%E0%A4%A',
  '/%',
  '/api/products?' + 'q=1&'.repeat(300),
];
/** /docs gathers every service's document on each call: a few of them go a long way. */
const heavy = new Set(['/docs', '/docs/json']);
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND'];
const EXTRA_HEADERS = [
  'Connection: keep-alive',
  'Keep-Alive: timeout=5, max=3',
  'Upgrade: h2c',
  'TE: trailers',
  'Proxy-Authorization: Basic c3Rvcm0=',
  'Proxy-Connection: keep-alive',
  'Trailer: X-Sum',
  'X-Forwarded-For: 203.0.113.9',
  'Accept-Encoding: gzip, br',
  `Authorization: Bearer ${ADMIN_KEY}`,
  'Authorization: Bearer nope',
  'Authorization: Basic',
  'Cookie: a=b',
  'Origin: https://evil.example',
  'X-Request-Id: storm-request',
  'X-Request-Id: bad id <>',
  'Stripe-Signature: t=1,v1=abc',
  'Idempotency-Key: storm',
  'Accept: */*',
  'X-Empty:',
];
const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  ';;;',
  'application/json; charset=latin1',
  '',
];
const BODIES = [
  '{"productId":"nope","customerEmail":"x"}',
  '{"productId":',
  '',
  '[]',
  'null',
  '{"customerEmail":"é@ü.fr","productId":"simple","customerName":"' + 'n'.repeat(300) + '"}',
  'a=b&c=d',
  '{"id":"evt_1","type":"payment_intent.succeeded"}',
  '{"userId":"u_1"}',
  '\u0000\u0001\u00ff',
  '{"a":' + '['.repeat(2000) + ']'.repeat(2000) + '}',
];

function requestText(rng: Rng, options: { last: boolean; version?: string }): { text: string; method: string } {
  let path = rng.pick(PATHS);
  if (heavy.has(path) && rng.chance(0.9)) path = '/health';
  const method = rng.pick(METHODS);
  const version = options.version ?? '1.1';
  const headers = version === '1.0' ? [] : ['Host: shop.example'];
  for (let i = rng.int(0, 3); i > 0; i--) headers.push(rng.pick(EXTRA_HEADERS));
  // Either ends the connection after its answer, so only the last request of a pipeline asks for it.
  if (options.last && rng.chance(0.2))
    headers.push(rng.pick(['Connection: close', 'Connection: Upgrade\r\nUpgrade: websocket', 'Connection: keep-alive, Upgrade\r\nUpgrade: h2c']));
  const withBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) || rng.chance(0.05);
  let body = '';
  if (withBody) {
    // Bodies are handled as byte strings (latin1) so that lengths are byte counts.
    body = Buffer.from(rng.pick(BODIES), 'utf8').toString('latin1');
    const type = rng.pick(CONTENT_TYPES);
    if (type) headers.push(`Content-Type: ${type}`);
    if (rng.chance(0.3) && version === '1.1') {
      headers.push('Transfer-Encoding: chunked');
      return { text: `${method} ${path} HTTP/${version}\r\n${headers.join('\r\n')}\r\n\r\n${chunked(rng, body)}`, method };
    }
    headers.push(`Content-Length: ${body.length}`);
  }
  return { text: `${method} ${path} HTTP/${version}\r\n${headers.join('\r\n')}\r\n\r\n${body}`, method };
}

/** A byte string in chunked framing, cut in pieces of random sizes. */
function chunked(rng: Rng, body: string, maxChunk = 64): string {
  let out = '';
  for (let at = 0; at < body.length;) {
    const size = Math.min(body.length - at, rng.int(1, maxChunk));
    out += `${size.toString(16)}\r\n${body.slice(at, at + size)}\r\n`;
    at += size;
  }
  return `${out}0\r\n\r\n`;
}

export const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Cuts the bytes at random places: the server must not care how a request is split across packets. */
function fragmented(rng: Rng, text: string): (Buffer | number)[] {
  if (rng.chance(0.6)) return [bytes(text)];
  const parts: (Buffer | number)[] = [];
  for (let at = 0; at < text.length;) {
    const size = rng.int(1, Math.max(2, Math.floor(text.length / 3)));
    parts.push(bytes(text.slice(at, at + size)));
    if (rng.chance(0.2)) parts.push(rng.int(1, 5));
    at += size;
  }
  return parts;
}

export { chunked, fragmented, requestText, type Rng };
