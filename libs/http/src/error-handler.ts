import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorBody } from '@lumira/contracts/http';

function validationMessage(err: Omit<FastifyError, 'validation'> & { validation: { instancePath: string; message?: string }[] }, context?: string): string {
  return err.validation
    .map((v) => {
      const field = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const where = [context, field].filter(Boolean).join('.');
      return where ? `${where}: ${v.message ?? 'invalid'}` : (v.message ?? 'invalid');
    })
    .join('; ');
}

/** One error body for every failure, with the request id so a customer's report can be found in the logs. */
export function installErrorHandler(app: FastifyInstance<any, any, any, any, any>): void {
  app.setErrorHandler((err: FastifyError & { expose?: boolean }, request, reply) => {
    const requestId = String(request.id);
    // The client left while its answer was on its way (Fastify then destroys the gateway's proxied body):
    // no one is there to answer, and a client's doing is never logged above info.
    if (err.code === 'UND_ERR_ABORTED' && (reply.raw.headersSent || reply.raw.destroyed)) {
      request.log.info({ code: err.code }, 'client left before the answer was complete');
      return reply;
    }
    const send = (status: number, code: string, message: string) => {
      const body: ErrorBody = { error: { code, message, requestId } };
      return reply.code(status).type('application/json; charset=utf-8').send(body);
    };
    if (hasZodFastifySchemaValidationErrors(err)) {
      return send(400, 'VALIDATION_ERROR', validationMessage(err, (err as { validationContext?: string }).validationContext));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, 'reply did not match its schema');
      return send(500, 'INTERNAL', 'Internal server error');
    }
    // Errors that crossed the bus keep the status the replying service chose.
    if (err.name === 'RpcError') err.statusCode = (err as unknown as { status: number }).status;
    if (err.name === 'RpcTimeoutError' || err.name === 'BusClosedError') {
      request.log.error({ err }, 'a service did not answer');
      return send(503, 'SERVICE_UNAVAILABLE', 'A service needed for this request is unavailable; please retry shortly');
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(415, err.code, 'Unsupported Content-Type: send the body as application/json');
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      const level = (err as { logLevel?: 'info' }).logLevel ?? 'error';
      request.log[level]({ err }, 'request failed');
      return send(status, err.expose ? (err.code ?? 'INTERNAL') : 'INTERNAL', err.expose ? err.message : 'Internal server error');
    }
    return send(status, err.code ?? 'BAD_REQUEST', err.message);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: { code: 'NOT_FOUND', message: `Route ${request.method} ${request.url.split('?')[0]} not found`, requestId: String(request.id) },
    };
    return reply.code(404).send(body);
  });
}
