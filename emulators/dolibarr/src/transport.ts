import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnswerEncoding } from './answer-encoding.js';
import { pathOf } from './context.js';
import { createFailureInjection, proxyPage, type InjectedFailure } from './failure-injection.js';
import { sendRestError } from './rest-error.js';

export type { InjectedFailure } from './failure-injection.js';

/**
 * Everything that happens before Dolibarr's API code runs: latency, an instance that is down, an API module
 * that is switched off, a URL naming no API file, failures injected by a test, and the API key check of
 * DolibarrApiAccess.
 */

/**
 * 'down': a proxy's 503 page. 'html': the API module is off. 'slow': every call waits, then runs.
 * 'locked': a table is locked. Every write waits, then runs and commits; reads answer at once and do not
 * see the waiting write, which is how a look-up after a timed-out create finds nothing.
 */
export type EmulatorMode = 'up' | 'down' | 'html' | 'slow' | 'locked';

export interface TransportSettings {
  apiKey: string;
  badKeyDelayMs: number;
  slowDelayMs: number;
  encoding: AnswerEncoding;
}

export interface Transport {
  setMode(mode: EmulatorMode): void;
  setDelay(ms: number): void;
  injectFailure(failure: InjectedFailure): void;
  /** Lets every pending wait go and skips those to come, so that closing never waits for a delayed call. */
  shutdown(): void;
  register(app: FastifyInstance): void;
}

/** api/index.php with MAIN_MODULE_API off: WarningModuleNotActive and ToActivateModule, then exit. */
export const moduleDisabledPage = 'Module <b>Api</b> must be enabled.<br><br>To activate modules, go on setup Area (Home-&gt;Setup-&gt;Modules).';

const missingKeyMessage =
  "Failed to login to API. Neither parameter 'HTTP_DOLAPIKEY' nor 'Authentication: Bearer' found on HTTP header " + '(and no parameter DOLAPIKEY in URL).';

/** The api_<name>.class.php files of a standard install: any other first segment has no API file. */
const apiFiles = new Set([
  'agendaevents',
  'bankaccounts',
  'boms',
  'categories',
  'contacts',
  'contracts',
  'documents',
  'donations',
  'emailtemplates',
  'expensereports',
  'explorer',
  'interventions',
  'invoices',
  'login',
  'members',
  'mos',
  'objectlinks',
  'orders',
  'products',
  'projects',
  'proposals',
  'receptions',
  'setup',
  'shipments',
  'status',
  'stockmovements',
  'subscriptions',
  'supplierinvoices',
  'supplierorders',
  'tasks',
  'thirdparties',
  'tickets',
  'users',
  'warehouses',
]);

function presentedKey(request: FastifyRequest): string {
  const query = request.query as Record<string, unknown>;
  const header = request.headers.dolapikey;
  if (typeof header === 'string' && header !== '') return header;
  const fromQuery = query.DOLAPIKEY ?? query.api_key;
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  return (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
}

const isWrite = (request: FastifyRequest): boolean => request.method !== 'GET' && request.method !== 'HEAD';

export function createTransport(settings: TransportSettings): Transport {
  const { encoding } = settings;
  let mode: EmulatorMode = 'up';
  let delayMs = 0;
  const failures = createFailureInjection(encoding);
  const waits = new Set<() => void>();
  let shuttingDown = false;

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

  const sendPlain = (request: FastifyRequest, reply: FastifyReply, status: number, page: string): FastifyReply => {
    encoding.plain(request);
    return reply.code(status).type('text/html; charset=UTF-8').send(page);
  };

  const waitFor = (request: FastifyRequest): number => delayMs + (mode === 'slow' || (mode === 'locked' && isWrite(request)) ? settings.slowDelayMs : 0);

  const onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (mode === 'down') return sendPlain(request, reply, 503, proxyPage(503));
    if (mode === 'html') return sendPlain(request, reply, 200, moduleDisabledPage);
    const file = pathOf(request).split('/')[1] ?? '';
    if (file !== '' && !apiFiles.has(file.toLowerCase())) {
      return sendPlain(request, reply, 501, 'API not found (failed to include API file)');
    }
    const key = presentedKey(request);
    if (key === '') return sendRestError(reply, 401, missingKeyMessage);
    if (/^dolcrypt:/i.test(key)) return sendRestError(reply, 503, 'Bad value for the API key. An API key should not start with dolcrypt:');
    if (key !== settings.apiKey) {
      await pause(settings.badKeyDelayMs);
      return sendRestError(reply, 401, 'Error user not valid (not found with api key or bad status or bad validity dates) (conf->entity=1)');
    }
    return undefined;
  };

  /**
   * Once the body is read (PHP has it all before the API code runs), the call waits, then runs: a client
   * that gave up meanwhile does not stop it, so a slow write still commits, late.
   */
  const preHandler = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    await pause(waitFor(request));
    return failures.beforeCommit(request, reply);
  };

  return {
    setMode(next) {
      mode = next;
    },
    setDelay(ms) {
      delayMs = Math.max(0, ms);
    },
    injectFailure(failure) {
      failures.add(failure);
    },
    shutdown() {
      shuttingDown = true;
      for (const release of [...waits]) release();
    },
    register(app) {
      app.addHook('onRequest', onRequest);
      app.addHook('preHandler', preHandler);
      app.addHook('onSend', failures.afterCommit);
    },
  };
}
