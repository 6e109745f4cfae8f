import { errorBodySchema } from '@lumira/contracts/http';
import {
  notificationListQuerySchema,
  notificationListReplySchema,
  notificationParamsSchema,
  notificationRetryReplySchema,
} from '@lumira/contracts/notifications';
import { ConflictError, NotFoundError, requireAdmin } from '@lumira/http';
import type { Collection, Filter } from '@lumira/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { toView, type NotificationDoc } from '../notification.js';

export interface AdminNotificationOptions {
  notifications: Collection<NotificationDoc>;
  adminApiKey: string | undefined;
  wake: (id: string) => void;
}

export const adminNotificationRoutes: FastifyPluginAsyncZod<AdminNotificationOptions> = async (app, { notifications, adminApiKey, wake }) => {
  app.addHook('preHandler', requireAdmin(adminApiKey));

  app.get(
    '/api/admin/notifications',
    {
      schema: {
        tags: ['admin'],
        operationId: 'listNotifications',
        summary: 'List notifications',
        description: 'Notifications with their status and attempts, newest first',
        security: [{ adminKey: [] }],
        querystring: notificationListQuerySchema,
        response: { 200: notificationListReplySchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const filter: Filter = {};
      if (request.query.orderId) filter.orderId = request.query.orderId;
      if (request.query.status) filter.status = request.query.status;
      const found = await notifications.find(filter, { sort: { createdAt: -1 }, limit: request.query.limit });
      return { notifications: found.map(toView) };
    },
  );

  app.post(
    '/api/admin/notifications/:id/retry',
    {
      schema: {
        tags: ['admin'],
        operationId: 'retryNotification',
        summary: 'Retry a notification',
        description: 'Send a dead notification again (once its cause is fixed)',
        security: [{ adminKey: [] }],
        params: notificationParamsSchema,
        response: { 202: notificationRetryReplySchema, 401: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const revived = await notifications.findOneAndUpdate(
        { _id: id, status: 'dead' },
        { $set: { status: 'pending', dueAt: Date.now(), firstAttemptAt: null, lockedUntil: 0 } },
      );
      if (!revived) {
        if (!(await notifications.findOne({ _id: id }))) throw new NotFoundError('Notification');
        throw new ConflictError('Only a dead notification can be retried');
      }
      wake(id);
      return reply.code(202).send({ id, status: 'pending' as const });
    },
  );
};
