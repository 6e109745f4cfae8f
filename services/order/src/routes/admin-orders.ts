import { adminOrdersQuerySchema, adminOrdersReplySchema, errorBodySchema } from '@lumira/contracts/http';
import { requireAdmin } from '@lumira/http';
import type { Collection, Filter } from '@lumira/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { toAdminView, type OrderDoc } from '../order.js';

/** Ids are time-ordered, so the cursor is simply the last id of the page. */
export const adminOrderRoutes: FastifyPluginAsyncZod<{ orders: Collection<OrderDoc>; adminApiKey: string | undefined }> = async (
  app,
  { orders, adminApiKey },
) => {
  app.get(
    '/api/admin/orders',
    {
      preHandler: requireAdmin(adminApiKey),
      schema: {
        tags: ['admin'],
        operationId: 'listOrders',
        summary: 'List orders',
        description: 'List orders, newest first',
        security: [{ adminKey: [] }],
        querystring: adminOrdersQuerySchema,
        response: { 200: adminOrdersReplySchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const { status, email, limit, cursor } = request.query;
      const filter: Filter = {};
      if (status) filter.status = status;
      if (email) filter.customerEmail = email.trim().toLowerCase();
      if (cursor) filter._id = { $lt: cursor };
      const page = await orders.find(filter, { sort: { _id: -1 }, limit: limit + 1 });
      const shown = page.slice(0, limit);
      return { orders: shown.map(toAdminView), nextCursor: page.length > limit ? (shown.at(-1)?._id ?? null) : null };
    },
  );
};
