import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AnswerEncoding, Framing } from './answer-encoding.js';
import { restErrorBody, sendRestError } from './rest-error.js';
import { pathOf } from './context.js';

/** Failures a test asks for: which calls fail, how, and whether the change is made first. */
export interface InjectedFailure {
  method?: string;
  /** Tested against the path below /api/index.php, without the query string (e.g. "/invoices/3/validate"). */
  path?: RegExp;
  /** 500: Dolibarr's JSON error with a database detail in "0"; 502 and 503: a proxy's HTML page. */
  status: 500 | 502 | 503;
  /** The database's words under "0" of a 500 (a lock wait timeout unless told). */
  detail?: string;
  /** How many matching calls fail; 1 unless told. */
  times?: number;
  /** Run the call, then answer the failure: the change is made but the caller never learns it. */
  afterCommit?: boolean;
  /**
   * The answer carries a PHP technical error's HTML in front of the (compressed) JSON, framed this way.
   * Before commit the JSON is the 500 error; after commit it is the call's real answer.
   */
  technicalError?: Framing;
}

const defaultDatabaseDetail = 'Lock wait timeout exceeded; try restarting transaction';

export function proxyPage(status: number): string {
  return `<html><head><title>${status}</title></head><body><h1>${status}</h1><p>The server is not available.</p></body></html>`;
}

export function createFailureInjection(encoding: AnswerEncoding) {
  const failures: Array<InjectedFailure & { remaining: number }> = [];
  const failAfterCommit = new WeakMap<FastifyRequest, InjectedFailure>();

  const take = (request: FastifyRequest): InjectedFailure | undefined => {
    const path = pathOf(request);
    const index = failures.findIndex(
      (failure) => (!failure.method || failure.method.toUpperCase() === request.method) && (!failure.path || failure.path.test(path)),
    );
    if (index < 0) return undefined;
    const failure = failures[index] as InjectedFailure & { remaining: number };
    failure.remaining -= 1;
    if (failure.remaining <= 0) failures.splice(index, 1);
    return failure;
  };

  const send = (request: FastifyRequest, reply: FastifyReply, failure: InjectedFailure): FastifyReply => {
    if (failure.technicalError) encoding.technicalError(request, failure.technicalError);
    if (failure.status !== 500) {
      encoding.plain(request);
      return reply.code(failure.status).type('text/html; charset=UTF-8').send(proxyPage(failure.status));
    }
    return sendRestError(reply, 500, 'Injected failure', [failure.detail ?? defaultDatabaseDetail]);
  };

  return {
    add(failure: InjectedFailure) {
      failures.push({ ...failure, remaining: failure.times ?? 1 });
    },
    /** Answers the failure now (nothing is changed), or marks the call to fail once it has run. */
    beforeCommit(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
      const failure = take(request);
      if (failure && !failure.afterCommit) return send(request, reply, failure);
      if (failure) failAfterCommit.set(request, failure);
      return undefined;
    },
    /** The change is made; the caller gets the failure (or, for a technical error, the answer behind HTML). */
    async afterCommit(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
      const failure = failAfterCommit.get(request);
      if (!failure) return payload;
      failAfterCommit.delete(request);
      if (failure.technicalError) {
        encoding.technicalError(request, failure.technicalError);
        return payload;
      }
      reply.code(failure.status);
      if (failure.status === 500) {
        reply.type('application/json; charset=utf-8');
        return JSON.stringify(restErrorBody(500, 'Injected failure', [failure.detail ?? defaultDatabaseDetail]));
      }
      encoding.plain(request);
      reply.type('text/html');
      return proxyPage(failure.status);
    },
  };
}
