import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { customerRoutes } from './api/customers.js';
import { defaultTiming, type ApiContext, type Timing } from './api/context.js';
import { disputeRoutes, decideDispute, openDispute } from './api/disputes.js';
import { eventRoutes } from './api/events.js';
import { authenticate, settleProcessing } from './api/payment-attempt.js';
import { paymentIntentRoutes } from './api/payment-intents.js';
import { paymentMethodRoutes } from './api/payment-methods.js';
import { chargeRoutes } from './api/charges.js';
import { refundRoutes, settleRefund } from './api/refunds.js';
import { testHelperRoutes } from './api/test-helpers.js';
import { failureInjection, type InjectedFailure } from './failure-injection.js';
import { parseForm } from './form.js';
import { idempotency } from './idempotency-keys.js';
import { Journal } from './journal.js';
import { requestPipeline, type Latency } from './request-pipeline.js';
import { Scheduler } from './scheduler.js';
import { signatureHeader } from './signature.js';
import { EmulatorStore, type StripeEvent } from './store.js';
import { WebhookSender, type WebhookTarget } from './webhook-sender.js';

/** The account's default API version: the one the installed stripe-node's types describe. */
export const API_VERSION = '2026-10-28.endive';

export interface StripeEmulatorOptions {
  webhook?: WebhookTarget;
  /** When set, only this secret key is accepted; otherwise any key starting with `sk_`. */
  apiKey?: string;
  /** The account's default API version, at which events are rendered (a webhook endpoint may pin another). */
  apiVersion?: string;
  /** Local mode: the account's state is kept in a journal under this directory and survives a restart. */
  dataDir?: string;
  delivery?: { initialDelayMs?: number; maxAttempts?: number; timeoutMs?: number; duplicateProbability?: number; maxJitterMs?: number; random?: () => number };
  timing?: Partial<Timing>;
  /** Added before every API answer: a fixed delay, or a random one in a range. */
  latencyMs?: Latency;
  idempotencyTtlMs?: number;
  logger?: false | object;
}

export interface StripeEmulator {
  app: FastifyInstance;
  listen(options?: { port?: number; host?: string }): Promise<string>;
  setWebhook(target: WebhookTarget | undefined): void;
  injectFailure(failure: InjectedFailure): void;
  /** The customer's answer on the 3-D Secure page of a PaymentIntent in `requires_action`. */
  authenticate(paymentIntentId: string, outcome: 'complete' | 'fail'): void;
  /** Runs every later change now (debits settling, refunds failing, disputes opening or decided); answers how many. */
  runScheduled(): number;
  events(): StripeEvent[];
  /** Every route the emulator answers (method and URL pattern), for the fidelity test's coverage check. */
  servedRoutes(): { method: string; url: string }[];
  flushWebhooks(timeoutMs?: number): Promise<void>;
  signPayload(payload: string, timestamp?: number): string;
  close(): Promise<void>;
}

/** A stateful emulator of the part of Stripe's API the shop uses, for the real stripe client. */
export function createStripeEmulator(options: StripeEmulatorOptions = {}): StripeEmulator {
  const store = new EmulatorStore(options.apiVersion ?? API_VERSION);
  const journal = options.dataDir
    ? Journal.open(
        options.dataDir,
        (r) => store.apply(r),
        () => store.snapshot(),
      )
    : undefined;
  if (journal) store.attachJournal(journal);
  const sender = new WebhookSender(store, {
    initialDelayMs: options.delivery?.initialDelayMs ?? 1000,
    maxAttempts: options.delivery?.maxAttempts ?? 8,
    timeoutMs: options.delivery?.timeoutMs ?? 10_000,
    duplicateProbability: options.delivery?.duplicateProbability ?? 0,
    maxJitterMs: options.delivery?.maxJitterMs ?? 0,
    random: options.delivery?.random ?? Math.random,
  });
  sender.setTarget(options.webhook);
  const failures = failureInjection();

  const app = Fastify({
    logger: options.logger === undefined ? false : (options.logger as never),
    // Node draws randomUUID()s from a pooled buffer; randomBytes() was a crypto job per request (~7 % of
    // the emulator's CPU on a PaymentIntent read).
    genReqId: () => `req_${randomUUID().replaceAll('-', '').slice(0, 14)}`,
    routerOptions: { querystringParser: (s: string) => parseForm(s) },
  });
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseForm(body as string)));
  let address = 'http://127.0.0.1';
  const scheduler = new Scheduler(store, (err) => app.log.error({ err }, 'scheduled change failed'));
  const ctx: ApiContext = { store, scheduler, timing: { ...defaultTiming, ...options.timing }, baseUrl: () => address };

  requestPipeline(app, { apiKey: options.apiKey, accountVersion: store.apiVersion, latency: options.latencyMs });
  idempotency(app, store, options.idempotencyTtlMs ?? 24 * 3_600_000, (req) => failures.check(req.method, req.url.split('?')[0]!));
  customerRoutes(app, ctx);
  paymentMethodRoutes(app, ctx);
  paymentIntentRoutes(app, ctx);
  chargeRoutes(app, ctx);
  refundRoutes(app, ctx);
  disputeRoutes(app, ctx);
  eventRoutes(app, ctx);
  testHelperRoutes(app, ctx);
  scheduler.on('settle_processing', (task) => settleProcessing(ctx, task));
  scheduler.on('settle_refund', (task) => settleRefund(ctx, task));
  scheduler.on('open_dispute', (task) => openDispute(ctx, task));
  scheduler.on('decide_dispute', (task) => decideDispute(ctx, task));
  scheduler.start();

  return {
    app,
    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      address = await app.listen({ port, host });
      return address;
    },
    setWebhook: (target) => sender.setTarget(target),
    injectFailure: (failure) => failures.add(failure),
    authenticate(id, outcome) {
      const pi = store.get('payment_intent', id);
      if (!pi) throw new Error(`no PaymentIntent ${id}`);
      authenticate(ctx, pi, outcome);
    },
    runScheduled: () => scheduler.runNow(),
    events: () => [...store.events],
    servedRoutes: () => [...routes],
    flushWebhooks: (timeoutMs) => sender.flush(timeoutMs),
    signPayload(payload, timestamp) {
      if (!sender.secret) throw new Error('no webhook secret configured');
      return signatureHeader(payload, sender.secret, timestamp);
    },
    async close() {
      sender.close();
      scheduler.close();
      await app.close();
      journal?.close();
    },
  };
}
