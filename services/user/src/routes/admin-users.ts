import { adminUsersQuerySchema, adminUsersReplySchema, errorBodySchema } from '@lumira/contracts/http';
import { requireAdmin } from '@lumira/http';
import type { Collection } from '@lumira/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { normaliseEmail, toView, type UserDoc } from '../user.js';

export const adminUserRoutes: FastifyPluginAsyncZod<{ users: Collection<UserDoc>; adminApiKey: string | undefined }> = async (app, { users, adminApiKey }) => {
  app.get(
    '/api/admin/users',
    {
      preHandler: requireAdmin(adminApiKey),
      schema: {
        tags: ['admin'],
        operationId: 'listUsers',
        summary: 'Find users',
        description: 'Find users (by email), newest first',
        security: [{ adminKey: [] }],
        querystring: adminUsersQuerySchema,
        response: { 200: adminUsersReplySchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const filter = request.query.email ? { email: normaliseEmail(request.query.email) } : {};
      const found = await users.find(filter, { sort: { createdAt: -1 }, limit: 100 });
      return { users: found.map(toView) };
    },
  );
};
