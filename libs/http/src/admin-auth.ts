import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnauthorizedError } from './errors.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * A preHandler for /api/admin/*: `Authorization: Bearer <ADMIN_API_KEY>`. Without a configured key the
 * admin API stays closed rather than open. Hashing first makes the comparison constant-time whatever the length.
 */
export function requireAdmin(adminApiKey: string | undefined) {
  const expected = adminApiKey ? digest(adminApiKey) : undefined;
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!expected || !match?.[1] || !timingSafeEqual(digest(match[1]), expected)) throw new UnauthorizedError();
  };
}
