import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { createAnswerEncoding } from './answer-encoding.js';
import { apiRoot, type RouteContext } from './context.js';
import { RestException, sendRestError } from './rest-error.js';
import { invoicePaymentRoutes } from './routes/invoice-payments.js';
import { invoiceRoutes } from './routes/invoices.js';
import { editThirdpartyInBackOffice, thirdpartyRoutes } from './routes/thirdparties.js';
import { createState, type InvoiceRecord, type PaymentRecord, type ThirdpartyRecord } from './state.js';
import { checkTimeZone } from './time-zones.js';
import { createTransport, type EmulatorMode, type InjectedFailure } from './transport.js';

export interface DolibarrEmulatorOptions {
  /** The only key DolibarrApiAccess will accept. */
  apiKey: string;
  logger?: boolean;
  /** Dolibarr sleeps 1 s before refusing a wrong key; tests shorten it. */
  badKeyDelayMs?: number;
  /** How long each call waits in 'slow' mode; beyond a client's default 10 s timeout unless told. */
  slowDelayMs?: number;
  /** The instance's clock, for dates, tms and document numbers. */
  now?: () => Date;
  /** The database's zone (IANA name, UTC unless told): `tms` is stamped and compared in it. */
  databaseTimeZone?: string;
  /** PHP's date.timezone (the database's zone unless told): dates are written and read back in it. */
  phpTimeZone?: string;
}

export interface DolibarrEmulator {
  app: FastifyInstance;
  /** Starts listening and answers the base URL to use as DOLIBARR_URL (the API lives under /api/index.php). */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  close(): Promise<void>;
  thirdparties(): ThirdpartyRecord[];
  invoices(): InvoiceRecord[];
  payments(): PaymentRecord[];
  /** PHP warnings the calls so far would have logged. */
  warnings(): string[];
  /** A change made in Dolibarr's own screens: bumps the modification date as the database does. */
  editThirdparty(id: number, fields: { name?: string; email?: string; phone?: string }): ThirdpartyRecord;
  /**
   * 'down': 503 HTML page; 'html': the API module is off (200 text/html); 'slow': every call waits
   * slowDelayMs; 'locked': every write waits slowDelayMs then commits, reads answer at once.
   */
  setMode(mode: EmulatorMode): void;
  injectFailure(failure: InjectedFailure): void;
  /** Latency added to every call, in any mode. */
  setDelay(ms: number): void;
}

function checkOptions(options: DolibarrEmulatorOptions): void {
  if (typeof options.apiKey !== 'string' || options.apiKey === '') throw new TypeError('createDolibarrEmulator: apiKey is required');
  for (const name of ['badKeyDelayMs', 'slowDelayMs'] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new TypeError(`createDolibarrEmulator: ${name} must be >= 0`);
  }
  for (const name of ['databaseTimeZone', 'phpTimeZone'] as const) {
    const zone = options[name];
    if (zone === undefined) continue;
    try {
      checkTimeZone(zone);
    } catch {
      throw new TypeError(`createDolibarrEmulator: ${name} is not a time zone: ${zone}`);
    }
  }
}

export function createDolibarrEmulator(options: DolibarrEmulatorOptions): DolibarrEmulator {
  checkOptions(options);
  const state = createState();
  const clock = options.now ?? (() => new Date());
  const database = options.databaseTimeZone ?? 'UTC';
  const context: RouteContext = {
    state,
    now: () => Math.floor(clock().getTime() / 1000),
    zones: { database, php: options.phpTimeZone ?? database },
  };
  const encoding = createAnswerEncoding();
  const transport = createTransport({
    apiKey: options.apiKey,
    badKeyDelayMs: options.badKeyDelayMs ?? 1000,
    slowDelayMs: options.slowDelayMs ?? 15_000,
    encoding,
  });

  // Connections are cut on close so that a call held by a delay never keeps a test waiting.
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true });
  app.register(
    async (api) => {
      api.removeContentTypeParser('application/json');
      // Restler takes an empty body as "no request data" instead of failing on it.
      api.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
        if (body === '') return done(null, undefined);
        try {
          done(null, JSON.parse(body as string));
        } catch {
          // Restler's JsonFormat: json_last_error_msg() after "Error encoding/decoding JSON: ".
          done(new RestException(400, 'Error encoding/decoding JSON: Syntax error'), undefined);
        }
      });
      api.setErrorHandler((error: FastifyError | RestException, _request, reply) => {
        if (error instanceof RestException) return sendRestError(reply, error.status, error.detail, error.details);
        const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
        return sendRestError(reply, status, error.message);
      });
      // Reached only under an API file that exists (others are a 501 before Restler): Restler's own 404.
      api.setNotFoundHandler((_request, reply) => sendRestError(reply, 404));
      transport.register(api);
      encoding.register(api);
      api.get('/status', async () => ({ success: { code: 200, dolibarr_version: '22.0.4', access_locked: '0' } }));
      thirdpartyRoutes(api, context);
      invoiceRoutes(api, context);
      invoicePaymentRoutes(api, context);
    },
    { prefix: apiRoot },
  );

  return {
    app,
    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      await app.listen({ port, host });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('Dolibarr emulator: no TCP address');
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shownHost}:${address.port}`;
    },
    async close() {
      transport.shutdown();
      await app.close();
    },
    thirdparties: () => [...state.thirdparties.values()].map((record) => structuredClone(record)),
    invoices: () => [...state.invoices.values()].map((record) => structuredClone(record)),
    payments: () => [...state.payments.values()].map((record) => structuredClone(record)),
    warnings: () => [...state.warnings],
    editThirdparty: (id, fields) => structuredClone(editThirdpartyInBackOffice(context, id, fields)),
    setMode: (mode) => transport.setMode(mode),
    injectFailure: (failure) => transport.injectFailure(failure),
    setDelay: (ms) => transport.setDelay(ms),
  };
}
