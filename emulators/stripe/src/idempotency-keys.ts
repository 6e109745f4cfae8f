import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

interface Stored {
  path: string;
  paramsHash: string;
  status: number;
  body: string;
  done: boolean;
}

/**
 * Stripe's Idempotency-Key: the first response (even an error) is stored and replayed for the same key
 * and parameters; the same key with other parameters is an idempotency_error. Keys are per API key.
 */
export function idempotency(app: FastifyInstance) {
  const keys = new Map<string, Stored>();
  const scope = (auth: string | undefined, key: string) => `${auth ?? ''}\u0000${key}`;

  app.addHook('preHandler', async (req, reply) => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string') return;
    const paramsHash = createHash('sha256').update(JSON.stringify(req.body ?? {})).digest('hex');
    const path = req.url.split('?')[0]!;
    const id = scope(req.headers.authorization, key);
    const stored = keys.get(id);
    if (!stored) {
      keys.set(id, { path, paramsHash, status: 0, body: '', done: false });
      (req as { idempotencyId?: string }).idempotencyId = id;
      return;
    }
    if (stored.path !== path || stored.paramsHash !== paramsHash) {
      return reply.code(400).send({
        error: {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        },
      });
    }
    if (!stored.done) {
      return reply.code(409).send({ error: { type: 'invalid_request_error', code: 'idempotency_key_in_use', message: 'There is currently another in-progress request using this Idempotency Key.' } });
    }
    return reply.code(stored.status).header('idempotent-replayed', 'true').type('application/json').send(stored.body);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const id = (req as { idempotencyId?: string }).idempotencyId;
    const stored = id ? keys.get(id) : undefined;
    if (stored && !stored.done) Object.assign(stored, { status: reply.statusCode, body: String(payload), done: true });
    return payload;
  });
}
