import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { chargeAndRefundRoutes } from './api/charges-refunds.js';
import { customerRoutes } from './api/customers.js';
import { eventRoutes } from './api/events.js';
import { paymentIntentRoutes } from './api/payment-intents.js';
import { parseForm } from './form.js';
import { idempotency } from './idempotency-keys.js';
import { signatureHeader } from './signature.js';
import { errorForStatus, StripeApiError, type StripeErrorBody } from './stripe-errors.js';
import { EmulatorStore, type StripeEvent } from './store.js';
import { WebhookSender, type WebhookTarget } from './webhook-sender.js';

export interface StripeEmulatorOptions {
  webhook?: WebhookTarget;
  /** When set, only this secret key is accepted; otherwise any key starting with `sk_`. */
  apiKey?: string;
  delivery?: { initialDelayMs?: number; maxAttempts?: number; timeoutMs?: number };
  logger?: false | object;
}

export interface InjectedFailure {
  method?: string;
  path: RegExp;
  status: number;
  /** How many matching requests fail; 0 removes the matching injections. */
  times?: number;
  body?: StripeErrorBody;
}

export interface StripeEmulator {
  app: FastifyInstance;
  listen(options?: { port?: number; host?: string }): Promise<string>;
  setWebhook(target: WebhookTarget): void;
  injectFailure(failure: InjectedFailure): void;
  events(): StripeEvent[];
  flushWebhooks(timeoutMs?: number): Promise<void>;
  signPayload(payload: string, timestamp?: number): string;
  close(): Promise<void>;
}

/** A stateful emulator of the part of Stripe's API the shop uses, for the real stripe client. */
export function createStripeEmulator(options: StripeEmulatorOptions = {}): StripeEmulator {
  const store = new EmulatorStore();
  const sender = new WebhookSender(store, {
    initialDelayMs: options.delivery?.initialDelayMs ?? 1000,
    maxAttempts: options.delivery?.maxAttempts ?? 8,
    timeoutMs: options.delivery?.timeoutMs ?? 10_000,
  });
  sender.setTarget(options.webhook);
  const failures: (InjectedFailure & { left: number })[] = [];

  const app = Fastify({
    logger: options.logger === undefined ? false : (options.logger as never),
    genReqId: () => `req_${randomBytes(7).toString('hex')}`,
    routerOptions: { querystringParser: (s: string) => parseForm(s) },
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(body as string)));

  app.addHook('onRequest', async (req, reply) => {
    reply.header('request-id', req.id);
    const auth = req.headers.authorization ?? '';
    const key = /^Bearer (.+)$/.exec(auth)?.[1];
    if (!key) {
      return reply.code(401).send({ error: { type: 'invalid_request_error', message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.' } });
    }
    if (options.apiKey ? key !== options.apiKey : !key.startsWith('sk_')) {
      return reply.code(401).send({ error: { type: 'invalid_request_error', code: 'api_key_invalid', message: `Invalid API Key provided: ${key.slice(0, 8)}****` } });
    }
    const path = req.url.split('?')[0]!;
    const hit = failures.find((f) => f.left > 0 && f.path.test(path) && (!f.method || f.method === req.method));
    if (hit) {
      hit.left--;
      return reply.code(hit.status).send({ error: hit.body ?? errorForStatus(hit.status) });
    }
  });
  idempotency(app);

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof StripeApiError) return reply.code(err.status).send({ error: err.body });
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) return reply.code(status).send({ error: { type: 'invalid_request_error', message: (err as Error).message } });
    return reply.code(500).send({ error: errorForStatus(500) });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${req.url.split('?')[0]}).` } }),
  );

  const ctx = { store };
  customerRoutes(app, ctx);
  paymentIntentRoutes(app, ctx);
  chargeAndRefundRoutes(app, ctx);
  eventRoutes(app, ctx);

  return {
    app,
    listen: async ({ port = 0, host = '127.0.0.1' } = {}) => await app.listen({ port, host }),
    setWebhook: (target) => sender.setTarget(target),
    injectFailure(failure) {
      if (failure.times === 0) {
        for (const f of failures) if (String(f.path) === String(failure.path) && f.method === failure.method) f.left = 0;
        return;
      }
      failures.push({ ...failure, left: failure.times ?? 1 });
    },
    events: () => [...store.events],
    flushWebhooks: (timeoutMs) => sender.flush(timeoutMs),
    signPayload(payload, timestamp) {
      if (!sender.secret) throw new Error('no webhook secret configured');
      return signatureHeader(payload, sender.secret, timestamp);
    },
    async close() {
      sender.close();
      await app.close();
    },
  };
}
