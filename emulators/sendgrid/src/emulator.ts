import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { defaultErrorBody, errorBody, payloadTooLarge } from './error-bodies.js';
import { createFailureQueue, type InjectedFailure } from './failure-injection.js';
import { mailSendRoute, type AcceptedMail } from './mail-send-route.js';

/** SendGrid's limit on a whole mail send request, attachments included. */
export const maxPayloadBytes = 30 * 1024 * 1024;

export interface SendgridEmulatorOptions {
  /** When set, only `Authorization: Bearer <apiKey>` is accepted; otherwise any bearer token is. */
  apiKey?: string;
  /** `false` silences the emulator; a pino-compatible logger is used as is; Fastify's own logger otherwise. */
  logger?: false | FastifyBaseLogger;
}

export interface SendgridEmulator {
  app: FastifyInstance;
  listen(options?: { port?: number; host?: string }): Promise<string>;
  close(): Promise<void>;
  /** Accepted mails in arrival order, `body` being the JSON request exactly as received. */
  messages(): AcceptedMail[];
  /** The next `times` sends (1 unless told) fail with this status, whatever they carry. */
  injectFailure(failure: InjectedFailure): void;
  reset(): void;
}

export function createSendgridEmulator(options: SendgridEmulatorOptions = {}): SendgridEmulator {
  const app = Fastify({
    bodyLimit: maxPayloadBytes,
    ...(options.logger === false ? { logger: false } : options.logger ? { loggerInstance: options.logger } : { logger: true }),
  });
  const failures = createFailureQueue();
  const accepted: AcceptedMail[] = [];
  // The mail send endpoint takes JSON only; anything else is SendGrid's 415, not a body to validate.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) return reply.code(413).send(payloadTooLarge());
    if (status === 415) return reply.code(415).send(errorBody('Content-Type should be application/json.'));
    return reply.code(status).send(defaultErrorBody(status));
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody('not found')));
  app.register(mailSendRoute, { apiKey: options.apiKey, failures, accepted });

  return {
    app,
    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      await app.listen({ port, host });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('the emulator is not listening on a TCP port');
      const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${hostname}:${address.port}`;
    },
    async close() {
      await app.close();
    },
    messages: () => [...accepted],
    injectFailure: (failure) => failures.push(failure),
    reset() {
      accepted.length = 0;
      failures.clear();
    },
  };
}
