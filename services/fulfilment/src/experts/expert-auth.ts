import { UnauthorizedError } from '@lumira/http';
import type { Collection } from '@lumira/store';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { expertByCredential, type ExpertDoc } from './expert.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The expert whose credential the request carries (set on /api/expert/* only). */
    expert: ExpertDoc;
  }
}

/** `Authorization: Bearer <expert credential>` on every route of the scope it is registered in. */
export const expertAuthPlugin = fp(
  async (app: FastifyInstance, { experts }: { experts: Collection<ExpertDoc> }) => {
    app.decorateRequest('expert', null as unknown as ExpertDoc);
    app.addHook('preHandler', async (request) => {
      const expert = await expertByCredential(experts, request.headers.authorization);
      if (!expert) throw new UnauthorizedError();
      request.expert = expert;
    });
  },
  { name: 'lumira-expert-auth', fastify: '5.x' },
);
