import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './stripe-errors.js';
import type { EmulatorStore } from './store.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyId?: string;
    /** Set by the error handler: the request was refused while being checked, so no result is stored. */
    refusedBeforeRunning?: boolean;
  }
}

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Stripe's Idempotency-Key, per API key: the first result of an endpoint that ran (a success, a decline,
 * a 500 — even an injected one) is stored and replayed for 24 hours to the same key and parameters, with
 * `Idempotent-Replayed: true`; a replayed 500 says `Stripe-Should-Retry: false`. A request refused while
 * being checked (a 400 on its parameters, a 401, a 429) stores nothing, so the same key can be used again.
 * The same key on another endpoint or with other parameters is an `idempotency_error`; while the first
 * request runs, a second one gets 409 `idempotency_key_in_use`.
 */
export function idempotency(app: FastifyInstance, store: EmulatorStore, ttlMs: number, afterLookup: (req: FastifyRequest) => void) {
  const prune = setInterval(
    () => {
      const cutoff = Date.now() - ttlMs;
      for (const [id, record] of store.idempotency) if (record.done && record.storedAt < cutoff) store.setKey(id, null);
    },
    Math.min(ttlMs, 600_000),
  );
  prune.unref();
  app.addHook('onClose', async () => clearInterval(prune));

  function lookup(req: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string') return undefined;
    const path = `${req.method} ${req.url.split('?')[0]}`;
    if (key.length > 255) {
      return reply.code(400).send({
        error: errorBody('invalid_request_error', 'Keys for idempotent requests can be no longer than 255 characters.', { param: 'Idempotency-Key' }),
      });
    }
    const paramsHash = hash(JSON.stringify(req.body ?? {}));
    const id = `${hash(req.headers.authorization ?? '')}:${key}`;
    const stored = store.idempotency.get(id);
    // A request that never finished (its client went away mid-flight) holds its key for a minute at most.
    const expired = stored && (stored.done ? stored.storedAt < Date.now() - ttlMs : stored.storedAt < Date.now() - 60_000);
    if (!stored || expired) {
      store.setKey(id, { path, paramsHash, status: 0, body: '', requestId: String(req.id), done: false, storedAt: Date.now() });
      req.idempotencyId = id;
      return undefined;
    }
    if (stored.path !== path) {
      const message = `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${stored.path}' vs '${path}'). Try using a key other than '${key}' if you meant to execute a different request.`;
      return reply.code(400).send({ error: errorBody('idempotency_error', message) });
    }
    if (stored.paramsHash !== paramsHash) {
      const message = `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`;
      return reply.code(400).send({ error: errorBody('idempotency_error', message) });
    }
    if (!stored.done) {
      return reply
        .code(409)
        .header('stripe-should-retry', 'true')
        .send({
          error: errorBody(
            'invalid_request_error',
            'There is currently another in-progress request using this Idempotency Key (that probably means you submitted twice, and the other request is still going through): ' +
              key +
              '. Please try again later.',
            { code: 'idempotency_key_in_use' },
          ),
        });
    }
    reply.code(stored.status).header('idempotent-replayed', 'true').header('original-request', stored.requestId).type('application/json');
    if (stored.status >= 500) reply.header('stripe-should-retry', 'false');
    return reply.send(stored.body);
  }

  app.addHook('preHandler', async (req, reply) => {
    const answered = lookup(req, reply);
    if (answered) return answered;
    // After the key is registered, so an injected failure is stored and replayed like a real one.
    afterLookup(req);
    return undefined;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const id = req.idempotencyId;
    const stored = id ? store.idempotency.get(id) : undefined;
    if (!id || !stored || stored.done) return payload;
    reply.header('original-request', stored.requestId);
    if (req.refusedBeforeRunning) store.setKey(id, null);
    else store.setKey(id, { ...stored, status: reply.statusCode, body: String(payload), done: true, storedAt: Date.now() });
    return payload;
  });
}
