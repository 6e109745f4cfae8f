import { bytes, chunked, fragmented, requestText, seeded, type Rng } from './storm-requests.js';

/** One connection's worth of storm: what is written, and what a correct server must do with it. */
export interface StormCase {
  kind: string;
  parts: (Buffer | number)[];
  /** Methods of the requests, in order (a HEAD answer has no body). */
  methods: string[];
  /** Every request is valid HTTP: each gets its answer and the server never resets the connection. */
  wellFramed: boolean;
  responses: number;
  /** The server must close the connection after the answers. */
  serverCloses?: boolean;
  close?: 'end' | 'destroy' | 'reset';
  awaitContinue?: boolean;
}

const BODY_ROUTES = [
  '/api/payments/create-payment-intent',
  '/api/products/create-payment-intent',
  '/api/admin/crm/resync',
  '/api/orders/x',
  '/nope',
  '/api/webhooks/stripe',
];
const post = (path: string, head: string) => `POST ${path} HTTP/1.1\r\nHost: shop.example\r\nContent-Type: application/json\r\n${head}\r\n`;
const health = 'GET /health HTTP/1.1\r\nHost: shop.example\r\n\r\n';

function pipeline(rng: Rng): StormCase {
  const count = rng.int(1, 6);
  const requests = Array.from({ length: count }, (_, i) => requestText(rng, { last: i === count - 1 }));
  const text = requests.map((r) => r.text).join('');
  return {
    kind: count > 1 ? 'pipelined' : 'single',
    parts: fragmented(rng, text),
    methods: requests.map((r) => r.method),
    wellFramed: true,
    responses: count,
    serverCloses: /\r\nConnection: (close|.*Upgrade)\r\n/.test(requests.at(-1)!.text),
  };
}

function http10(rng: Rng): StormCase {
  const request = requestText(rng, { last: true, version: '1.0' });
  return { kind: 'http/1.0', parts: fragmented(rng, request.text), methods: [request.method], wellFramed: true, responses: 1 };
}

/** Over the route's limit (64 KiB, the webhook 512 KiB), declared or chunked, then a request on the same connection. */
function oversized(rng: Rng): StormCase {
  const path = rng.pick(BODY_ROUTES);
  const size = (path === '/api/webhooks/stripe' ? 512 * 1024 : 64 * 1024) + rng.int(1, 150_000);
  const body = '{"pad":"' + 'x'.repeat(size) + '"}';
  const text = rng.chance(0.5)
    ? post(path, `Content-Length: ${body.length}\r\n`) + body
    : post(path, 'Transfer-Encoding: chunked\r\n') + chunked(rng, body, 20_000);
  return { kind: 'oversized', parts: [bytes(text + health)], methods: ['POST', 'GET'], wellFramed: true, responses: 2 };
}

function expectContinue(rng: Rng): StormCase {
  const path = rng.pick(BODY_ROUTES);
  const body = rng.chance(0.7) ? '{"productId":"nope","customerEmail":"' + 'e'.repeat(rng.int(0, 2000)) + '"}' : '';
  const declared = rng.chance(0.2) ? 10_000_000 : body.length;
  const head = post(path, `Content-Length: ${declared}\r\nExpect: 100-continue\r\n`);
  return { kind: 'expect-100', parts: [bytes(head), bytes(body)], methods: ['POST'], wellFramed: true, responses: 1, awaitContinue: true };
}

const BROKEN = [
  () => 'GARBAGE\r\n\r\n',
  () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
  () => 'FOO /api/products HTTP/1.1\r\nHost: x\r\n\r\n',
  () => 'get /api/products HTTP/1.1\r\nHost: x\r\n\r\n',
  () => 'GET /api/products HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
  () => 'GET /api/products HTTP/1.1\r\nHost: x\r\nX-Fold: a\r\n b\r\n\r\n',
  () => 'GET /api/products HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n',
  () => 'GET /api/products HTTP/1.1\rHost: x\r\n\r\n',
  () => `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  () => `GET /api/products HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
  () => `GET /api/products HTTP/1.1\r\nHost: x\r\n${'X-Many: 1\r\n'.repeat(2_000)}\r\n`,
  () => post('/api/payments/create-payment-intent', 'Transfer-Encoding: chunked\r\n') + 'ZZ\r\n{}\r\n0\r\n\r\n',
  () => post('/api/webhooks/stripe', 'Transfer-Encoding: chunked\r\n') + '5\r\n{}\r\n0\r\n\r\n',
  () => post('/api/webhooks/stripe', 'Transfer-Encoding: chunked\r\n') + '2\r\n{}0\r\n\r\n',
  () => post('/api/orders/x', 'Transfer-Encoding: chunked\r\n') + 'ffffffffffffffffff\r\n',
  () => post('/api/products', 'Transfer-Encoding: chunked\r\nContent-Length: 5\r\n') + '{}\r\n',
  () => post('/api/products', 'Content-Length: 5\r\nContent-Length: 6\r\n') + '{}{}{}',
  () => post('/api/products', 'Content-Length: -1\r\n'),
  () => post('/api/products', 'Content-Length: abc\r\n'),
  () => post('/api/payments/x', 'Transfer-Encoding: gzip\r\n') + '{}',
  () => post('/api/payments/x', 'Transfer-Encoding: chunked, gzip\r\n') + '2\r\n{}\r\n0\r\n\r\n',
];

/** Valid HTTP that Node itself would answer with bare replies of its own. */
function unusual(rng: Rng): StormCase {
  const text = rng.pick([
    'GET /api/products HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n',
    'GET /api/products HTTP/1.1\r\n\r\n',
    'GET /api/products\r\n\r\n',
    'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET http://elsewhere.example/api/products HTTP/1.1\r\nHost: x\r\n\r\n',
    'QUERY /api/products HTTP/1.1\r\nHost: x\r\n\r\n',
  ]);
  const http09 = !text.includes('HTTP/1.1');
  return { kind: 'unusual', parts: [bytes(health + text)], methods: ['GET', 'GET'], wellFramed: true, responses: 2, ...(http09 ? { serverCloses: true } : {}) };
}

function broken(rng: Rng): StormCase {
  const text = rng.chance(0.1) ? Array.from({ length: rng.int(1, 200) }, () => String.fromCharCode(rng.int(0, 255))).join('') + '\r\n\r\n' : rng.pick(BROKEN)();
  const prefix = rng.chance(0.3) ? health : '';
  return { kind: 'malformed', parts: fragmented(rng, prefix + text), methods: ['GET', 'GET'], wellFramed: false, responses: 0 };
}

/** Clients that leave: mid-headers, mid-body, or right after sending a whole pipeline. */
function truncated(rng: Rng): StormCase {
  const close = rng.pick(['end', 'destroy', 'reset'] as const);
  const body = '{"productId":"simple","customerEmail":"cut@example.com"}';
  const variants = [
    () => post(rng.pick(BODY_ROUTES), `Content-Length: ${body.length}\r\n`) + body.slice(0, rng.int(0, body.length - 1)),
    () => post(rng.pick(BODY_ROUTES), 'Transfer-Encoding: chunked\r\n') + chunked(rng, body).slice(0, rng.int(1, 40)),
    () => 'POST /api/payments/create-payment-intent HTTP/1.1\r\nHost: x\r\nContent-Le'.slice(0, rng.int(3, 60)),
  ];
  const methods: string[] = [];
  let text = rng.pick(variants)();
  if (rng.chance(0.25)) {
    const request = requestText(rng, { last: false });
    const count = rng.int(1, 20);
    methods.push(...Array<string>(count).fill(request.method));
    text = request.text.repeat(count);
  }
  return { kind: `truncated-${close}`, parts: [bytes(text), rng.int(0, 10)], methods, wellFramed: false, responses: 0, close };
}

/** The storm's connections, in a fixed order for a given seed. */
export function stormPlan(seed: number, connections: number): StormCase[] {
  const rng = seeded(seed);
  const makers: [number, (rng: Rng) => StormCase][] = [
    [0.4, pipeline],
    [0.06, http10],
    [0.04, oversized],
    [0.05, expectContinue],
    [0.05, unusual],
    [0.25, broken],
    [0.15, truncated],
  ];
  return Array.from({ length: connections }, () => {
    let roll = rng.next();
    for (const [weight, make] of makers) {
      if (roll < weight) return make(rng);
      roll -= weight;
    }
    return pipeline(rng);
  });
}
