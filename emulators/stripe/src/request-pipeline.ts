import type { FastifyInstance } from 'fastify';
import { errorBody, errorForStatus, StripeApiError } from './stripe-errors.js';

export type Latency = number | { min: number; max: number };

export interface PipelineOptions {
  apiKey: string | undefined;
  accountVersion: string;
  latency: Latency | undefined;
}

const versionFormat = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

const delayOf = (latency: Latency) => (typeof latency === 'number' ? latency : latency.min + Math.random() * (latency.max - latency.min));

/**
 * What every API request goes through before its endpoint: the request id, an optional delay, the API key
 * (Bearer, as Stripe reads it), the `Stripe-Version` header; and how every error is answered, in Stripe's body.
 */
export function requestPipeline(app: FastifyInstance, options: PipelineOptions) {
  app.addHook('onRequest', async (req, reply) => {
    reply.header('request-id', req.id);
    if (req.url.startsWith('/_emulator/')) return undefined;
    if (options.latency !== undefined) await new Promise((r) => setTimeout(r, delayOf(options.latency!)));
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!key) {
      return reply.code(401).send({
        error: errorBody(
          'invalid_request_error',
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        ),
      });
    }
    if (options.apiKey ? key !== options.apiKey : !key.startsWith('sk_')) {
      return reply.code(401).send({
        error: errorBody(
          'invalid_request_error',
          `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, Math.min(key.length - 12, 20)))}${key.slice(-4)}`,
          { code: 'api_key_invalid' },
        ),
      });
    }
    const version = req.headers['stripe-version'];
    if (typeof version === 'string' && !versionFormat.test(version)) {
      return reply.code(400).send({ error: errorBody('invalid_request_error', `Invalid Stripe API version: ${version}`) });
    }
    reply.header('stripe-version', typeof version === 'string' ? version : options.accountVersion);
    return undefined;
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof StripeApiError) {
      if (err.options.validation) req.refusedBeforeRunning = true;
      if (err.options.shouldRetry !== undefined) reply.header('stripe-should-retry', String(err.options.shouldRetry));
      return reply.code(err.status).send({ error: err.body });
    }
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) {
      req.refusedBeforeRunning = true;
      return reply.code(status).send({ error: errorBody('invalid_request_error', (err as Error).message) });
    }
    req.log.error({ err }, 'emulator error');
    return reply.code(500).send({ error: errorForStatus(500) });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({
      error: errorBody(
        'invalid_request_error',
        `Unrecognized request URL (${req.method}: ${req.url.split('?')[0]}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      ),
    }),
  );
}
