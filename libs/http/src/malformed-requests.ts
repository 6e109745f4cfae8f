import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { ErrorBody } from '@lumira/contracts/http';
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';

// Required, not imported: an ES import of node:http makes Node read every export, the lazy WebSocket among
// them, which loads Node's own copy of undici for nothing.
const { STATUS_CODES } = createRequire(import.meta.url)('node:http') as typeof import('node:http');

/** How long a refused connection stays half-open so the client can read the answer before it is closed. */
const LINGER_MS = 2000;
/** A reply still owed to an earlier pipelined request is waited for this long at most. */
const IN_FLIGHT_WAIT_MS = 30_000;

export function errorBody(code: string, message: string, requestId: string): ErrorBody {
  return { error: { code, message, requestId } };
}

/** What a failure of Node's HTTP parser means to the client; `reason` is llhttp's own short text. */
export function describeParseError(err: NodeJS.ErrnoException & { reason?: string }): { status: number; code: string; message: string } {
  if (err.code === 'HPE_HEADER_OVERFLOW') return { status: 431, code: 'HEADERS_TOO_LARGE', message: 'Request headers are too large' };
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_HEADERS_TIMEOUT') {
    return { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time' };
  }
  const reason = typeof err.reason === 'string' ? err.reason.replace(/[^\x20-\x7e]/g, '').slice(0, 100) : '';
  return { status: 400, code: 'MALFORMED_REQUEST', message: reason ? `Malformed HTTP request: ${reason}` : 'Malformed HTTP request' };
}

function rawAnswer(status: number, code: string, message: string): string {
  const requestId = randomUUID();
  const body = JSON.stringify(errorBody(code, message, requestId));
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`
  );
}

/**
 * Half-closes so the answer is read, keeps reading what the client still sends, and ends it all after a
 * while: closing a socket with unread bytes in it makes the kernel send a reset, which can destroy the
 * answer before the client reads it.
 */
export function lingeringClose(socket: Socket): void {
  if (socket.destroyed || socket.writableEnded) return;
  socket.end();
  socket.resume();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/**
 * Writes the answer once it is the connection's turn: replies owed to complete requests pipelined
 * before the broken bytes go out first; when the request being answered is itself the broken one (its
 * body is where parsing failed), the answer takes its place, or the connection is cut if its reply has
 * already begun.
 */
function answerInTurn(socket: Socket, write: () => void, deadline = Date.now() + IN_FLIGHT_WAIT_MS): void {
  const inFlight = (socket as { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!inFlight) return write();
  if (!inFlight.req.complete) return inFlight.headersSent ? void socket.destroy() : write();
  if (Date.now() > deadline || socket.destroyed) return void socket.destroy();
  const next = () => setImmediate(() => answerInTurn(socket, write, deadline));
  inFlight.once('finish', next);
  inFlight.once('close', next);
}

const answered = new WeakSet<Socket>();

/**
 * Fastify's `clientErrorHandler`: a request Node cannot parse gets a 400 (431, 408) in our error shape
 * where the socket still allows it, in its turn among pipelined requests. Never more than debug: a
 * client chooses to send garbage.
 */
export function answerClientError(this: { log: FastifyBaseLogger }, err: NodeJS.ErrnoException, socket: Socket): void {
  // The parser reports the same failure again for every later chunk.
  if (answered.has(socket)) return;
  answered.add(socket);
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || socket.destroyed) return void socket.destroy();
  const answer = describeParseError(err);
  this.log.debug({ code: err.code, status: answer.status }, 'malformed request refused');
  const write = () => {
    if (!socket.writable) return void socket.destroy();
    socket.write(rawAnswer(answer.status, answer.code, answer.message));
    lingeringClose(socket);
  };
  answerInTurn(socket, write);
}

/** Fastify's `frameworkErrors`: a URL the router cannot decode, a path parameter too long. */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  const [code, message] =
    error.code === 'FST_ERR_BAD_URL'
      ? ['BAD_URL', 'The URL is not valid (malformed percent-encoding)']
      : status < 500
        ? [status === 414 ? 'URI_TOO_LONG' : 'BAD_REQUEST', error.message]
        : ['INTERNAL', 'Internal server error'];
  if (status >= 500) request.log.error({ err: error }, 'request failed before routing');
  // No hook runs for a request the router never matched: the id header is set here.
  void reply
    .code(status)
    .header('x-request-id', String(request.id))
    .type('application/json; charset=utf-8')
    .send(errorBody(code, message, String(request.id)));
}
