import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiRoot } from './context.js';
import { restErrorBody, sendRestError } from './rest-error.js';

/**
 * Everything that happens before Dolibarr's API code runs: latency, an instance that is down, an API module
 * that is switched off, failures injected by a test, and the API key check of DolibarrApiAccess.
 */

export type EmulatorMode = 'up' | 'down' | 'html' | 'slow';

export interface InjectedFailure {
  method?: string;
  /** Tested against the path below /api/index.php, without the query string (e.g. "/invoices/3/validate"). */
  path?: RegExp;
  status: 500 | 502 | 503;
  /** How many matching calls fail; 1 unless told. */
  times?: number;
  /** Run the call, then answer the failure: the change is made but the caller never learns it. */
  afterCommit?: boolean;
}

export interface TransportSettings {
  apiKey: string;
  badKeyDelayMs: number;
  slowDelayMs: number;
}

export interface Transport {
  setMode(mode: EmulatorMode): void;
  setDelay(ms: number): void;
  injectFailure(failure: InjectedFailure): void;
  /** Lets every pending wait go and skips those to come, so that closing never waits for a delayed call. */
  shutdown(): void;
  register(app: FastifyInstance): void;
}

const moduleDisabledPage =
  '<html><head><title>Dolibarr</title></head><body>Module API disabled.<br>To activate it, go into setup of modules.</body></html>';

const missingKeyMessage =
  "Failed to login to API. Neither parameter 'HTTP_DOLAPIKEY' nor 'Authentication: Bearer' found on HTTP header " +
  '(and no parameter DOLAPIKEY in URL).';

function proxyPage(status: number): string {
  return `<html><head><title>${status}</title></head><body><h1>${status}</h1><p>The server is not available.</p></body></html>`;
}

function presentedKey(request: FastifyRequest): string {
  const query = request.query as Record<string, unknown>;
  const header = request.headers.dolapikey;
  if (typeof header === 'string' && header !== '') return header;
  const fromQuery = query.DOLAPIKEY ?? query.api_key;
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  return (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
}

export function createTransport(settings: TransportSettings): Transport {
  let mode: EmulatorMode = 'up';
  let delayMs = 0;
  const failures: Array<InjectedFailure & { remaining: number }> = [];
  const waits = new Set<() => void>();
  let shuttingDown = false;
  const failAfterCommit = new WeakMap<FastifyRequest, InjectedFailure>();

  const pause = (ms: number): Promise<void> => {
    if (ms <= 0 || shuttingDown) return Promise.resolve();
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer);
        waits.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      waits.add(release);
    });
  };

  const takeFailure = (request: FastifyRequest): InjectedFailure | undefined => {
    const path = request.url.slice(apiRoot.length).split('?')[0] ?? '';
    const index = failures.findIndex(
      (failure) => (!failure.method || failure.method.toUpperCase() === request.method) && (!failure.path || failure.path.test(path)),
    );
    if (index < 0) return undefined;
    const failure = failures[index] as InjectedFailure & { remaining: number };
    failure.remaining -= 1;
    if (failure.remaining <= 0) failures.splice(index, 1);
    return failure;
  };

  const sendFailure = (reply: FastifyReply, status: number): FastifyReply =>
    status === 500 ? sendRestError(reply, 500, 'Injected failure') : reply.code(status).type('text/html').send(proxyPage(status));

  const onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    // The delay comes first and the call then runs even if the client has given up, as PHP keeps going.
    await pause(delayMs + (mode === 'slow' ? settings.slowDelayMs : 0));
    if (mode === 'down') return reply.code(503).type('text/html').send(proxyPage(503));
    if (mode === 'html') return reply.code(200).type('text/html; charset=UTF-8').send(moduleDisabledPage);
    const key = presentedKey(request);
    if (key === '') {
      return sendRestError(reply, 401, missingKeyMessage);
    }
    if (/^dolcrypt:/i.test(key)) return sendRestError(reply, 503, 'Bad value for the API key. An API key should not start with dolcrypt:');
    if (key !== settings.apiKey) {
      await pause(settings.badKeyDelayMs);
      return sendRestError(reply, 401, 'Error user not valid (not found with api key or bad status or bad validity dates) (conf->entity=1)');
    }
    const failure = takeFailure(request);
    if (failure && !failure.afterCommit) return sendFailure(reply, failure.status);
    if (failure) failAfterCommit.set(request, failure);
    return undefined;
  };

  return {
    setMode(next) {
      mode = next;
    },
    setDelay(ms) {
      delayMs = Math.max(0, ms);
    },
    injectFailure(failure) {
      failures.push({ ...failure, remaining: failure.times ?? 1 });
    },
    shutdown() {
      shuttingDown = true;
      for (const release of [...waits]) release();
    },
    register(app) {
      app.addHook('onRequest', onRequest);
      app.addHook('onSend', async (request, reply, payload) => {
        const failure = failAfterCommit.get(request);
        if (!failure) return payload;
        failAfterCommit.delete(request);
        reply.code(failure.status);
        if (failure.status === 500) {
          reply.type('application/json; charset=utf-8');
          return JSON.stringify(restErrorBody(500, 'Injected failure'));
        }
        reply.type('text/html');
        return proxyPage(failure.status);
      });
    },
  };
}
