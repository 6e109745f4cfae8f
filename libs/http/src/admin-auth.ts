import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminDisabledError, UnauthorizedError } from './errors.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * A preHandler for /api/admin/*: `Authorization: Bearer <ADMIN_API_KEY>`. Without a configured key the
 * admin API stays closed rather than open, and says so with 503: no credential the caller could send would
 * be accepted, so a 401 ("try other credentials") would send them looking for a key that does not exist.
 * Hashing first makes the comparison constant-time whatever the length.
 */
export function requireAdmin(adminApiKey: string | undefined) {
  const expected = adminApiKey ? digest(adminApiKey) : undefined;
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!expected) throw new AdminDisabledError();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) throw new UnauthorizedError();
  };
}
