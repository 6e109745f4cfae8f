import { connect, type Socket } from 'node:net';

/** One response as it came off the wire. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a raw connection saw: every final response in order, the interim (1xx) ones apart, and how it ended. */
export interface RawExchange {
  responses: RawResponse[];
  interim: number[];
  /** The server closed (FIN) before the client did. */
  closedByServer: boolean;
  /** The connection was reset (ECONNRESET / EPIPE) by the server. */
  reset: boolean;
  timedOut: boolean;
  /** Bytes received that do not parse as a complete response. */
  leftover: string;
}

export interface RawOptions {
  host?: string;
  /** Pieces written one after the other; a number is a pause in ms between them. */
  parts: (string | Buffer | number)[];
  /** Resolve (and close) as soon as this many final responses have arrived. */
  responses?: number;
  /** Methods of the requests in order, so a HEAD response is read without a body. */
  methods?: string[];
  /** Close right after the last part: `end` (FIN), `destroy`, or `reset` (RST); default keeps the socket open. */
  close?: 'end' | 'destroy' | 'reset';
  /** Wait for the first interim (100) response before writing the parts after the first one. */
  awaitContinue?: boolean;
  timeoutMs?: number;
}

function headerBlock(text: string): { status: number; headers: Record<string, string> } | undefined {
  const [statusLine, ...lines] = text.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (!match) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(match[1]), headers };
}

/** Decodes a chunked body; undefined while it is incomplete. */
function chunked(buffer: Buffer, from: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) {
      const end = buffer.indexOf('\r\n\r\n', lineEnd);
      return end < 0 ? undefined : { body: Buffer.concat(parts), end: end + 4 };
    }
    if (buffer.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** Splits what arrived into responses; what cannot be parsed yet stays in the buffer. */
function parse(state: { buffer: Buffer; exchange: RawExchange; methods: string[] }, ended: boolean): void {
  for (;;) {
    const { buffer } = state;
    const headEnd = buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = headerBlock(buffer.subarray(0, headEnd).toString('latin1'));
    if (!head) return;
    const bodyStart = headEnd + 4;
    if (head.status < 200) {
      state.exchange.interim.push(head.status);
      state.buffer = buffer.subarray(bodyStart);
      continue;
    }
    const method = state.methods[state.exchange.responses.length] ?? 'GET';
    let body: Buffer;
    let end: number;
    if (method === 'HEAD' || head.status === 204 || head.status === 304) {
      body = Buffer.alloc(0);
      end = bodyStart;
    } else if (head.headers['content-length'] !== undefined) {
      end = bodyStart + Number(head.headers['content-length']);
      if (buffer.length < end) return;
      body = buffer.subarray(bodyStart, end);
    } else if (/chunked/i.test(head.headers['transfer-encoding'] ?? '')) {
      const decoded = chunked(buffer, bodyStart);
      if (!decoded) return;
      ({ body, end } = decoded);
    } else {
      if (!ended) return;
      body = buffer.subarray(bodyStart);
      end = buffer.length;
    }
    state.exchange.responses.push({ status: head.status, headers: head.headers, body: body.toString('utf8') });
    state.buffer = buffer.subarray(end);
  }
}

const resets = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Speaks HTTP/1.x over a bare socket, byte for byte as given: the only way to send what a well-behaved
 * client library refuses to (broken framing, pipelines, a body cut short) and to see how the server ends
 * the connection.
 */
export async function rawHttp(port: number, options: RawOptions): Promise<RawExchange> {
  const exchange: RawExchange = { responses: [], interim: [], closedByServer: false, reset: false, timedOut: false, leftover: '' };
  const state = { buffer: Buffer.alloc(0), exchange, methods: options.methods ?? [] };
  const socket: Socket = connect({ port, host: options.host ?? '127.0.0.1', noDelay: true });
  let finished = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const finish = () => {
    if (finished) return;
    finished = true;
    socket.destroy();
    resolveDone();
  };
  let continued!: () => void;
  const continueSeen = new Promise<void>((resolve) => (continued = resolve));
  socket.on('data', (data: Buffer) => {
    state.buffer = Buffer.concat([state.buffer, data]);
    parse(state, false);
    if (exchange.interim.length > 0) continued();
    if (options.responses !== undefined && exchange.responses.length >= options.responses) finish();
  });
  socket.on('end', () => {
    exchange.closedByServer = true;
    parse(state, true);
    finish();
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    if (resets.has(err.code ?? '')) exchange.reset = true;
    parse(state, true);
    finish();
  });
  socket.on('close', finish);
  const timer = setTimeout(() => {
    exchange.timedOut = true;
    finish();
  }, options.timeoutMs ?? 5000);

  await new Promise<void>((resolve) => {
    socket.once('connect', resolve);
    socket.once('close', resolve);
  });
  for (const [index, part] of options.parts.entries()) {
    if (finished) break;
    if (typeof part === 'number') {
      await new Promise((r) => setTimeout(r, part));
      continue;
    }
    if (index === 1 && options.awaitContinue) await Promise.race([continueSeen, done]);
    if (finished) break;
    await new Promise<void>((resolve) => socket.write(part, () => resolve()));
  }
  if (!finished && options.close === 'end') socket.end();
  if (!finished && options.close === 'destroy') finish();
  if (!finished && options.close === 'reset') {
    socket.resetAndDestroy();
    finish();
  }
  await done;
  clearTimeout(timer);
  exchange.leftover = state.buffer.toString('latin1');
  return exchange;
}
