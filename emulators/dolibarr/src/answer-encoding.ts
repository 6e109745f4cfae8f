import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * How api/index.php puts an answer on the wire. Restler's result is gzip-encoded whenever the client's
 * Accept-Encoding names gzip (brotli and bzip2 are not compiled into a stock PHP), and sent as it is
 * otherwise (`identity` included). Pages printed before Restler runs (module off, unknown API file, a proxy's
 * error page) are never compressed.
 *
 * A PHP "technical error" (dol_print_error(), a warning with display_errors on) prints HTML before the
 * answer: the body is that HTML followed by the compressed answer, under Content-Encoding gzip and a JSON
 * content type, so no gzip decoder can read it. How the body ends depends on the server in front of PHP:
 * a length, chunks, or the connection closing (no length, no chunks).
 */

export type Framing = 'length' | 'chunked' | 'close';

export const technicalErrorPage = '<div class="error">Dolibarr has detected a technical error.<br>If you are not the administrator, contact them.<br></div>\n';

export interface AnswerEncoding {
  /** This answer was printed before Restler: it goes out as it is. */
  plain(request: FastifyRequest): void;
  /** This answer gets the HTML of a PHP technical error in front of it. */
  technicalError(request: FastifyRequest, framing: Framing): void;
  register(app: FastifyInstance): void;
}

const acceptsGzip = (request: FastifyRequest): boolean => /gzip/i.test(String(request.headers['accept-encoding'] ?? ''));

function toBuffer(payload: unknown): Buffer {
  if (payload === undefined || payload === null) return Buffer.alloc(0);
  return Buffer.isBuffer(payload) ? payload : Buffer.from(String(payload));
}

export function createAnswerEncoding(): AnswerEncoding {
  const plainAnswers = new WeakSet<FastifyRequest>();
  const technicalErrors = new WeakMap<FastifyRequest, Framing>();

  const frame = (reply: FastifyReply, body: Buffer, framing: Framing): Buffer | Readable => {
    if (framing === 'length') return body;
    if (framing === 'close') {
      // Without a length and without chunks, the body is whatever comes until the connection closes.
      reply.raw.useChunkedEncodingByDefault = false;
      reply.header('connection', 'close');
    }
    return Readable.from([Buffer.from(technicalErrorPage), body.subarray(Buffer.byteLength(technicalErrorPage))]);
  };

  return {
    plain: (request) => void plainAnswers.add(request),
    technicalError: (request, framing) => void technicalErrors.set(request, framing),
    register(app) {
      app.addHook('onSend', async (request, reply, payload) => {
        if (plainAnswers.has(request) || reply.statusCode === 304 || (payload !== null && typeof (payload as Readable).pipe === 'function')) return payload;
        let body = toBuffer(payload);
        if (acceptsGzip(request)) {
          body = gzipSync(body, { level: 9 });
          reply.header('content-encoding', 'gzip');
        }
        const framing = technicalErrors.get(request);
        if (framing === undefined) return body;
        return frame(reply, Buffer.concat([Buffer.from(technicalErrorPage), body]), framing);
      });
    },
  };
}
