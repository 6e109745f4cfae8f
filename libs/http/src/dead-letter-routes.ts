import { InvalidCursorError, InvalidEventError, type Bus, type DeadLetterRecord } from '@lumira/bus';
import { errorBodySchema } from '@lumira/contracts/http';
import { deadLetterParamsSchema, deadLetterReplayReplySchema, deadLettersQuerySchema, deadLettersReplySchema, type DeadLetterView } from '@lumira/contracts/ops';
import createError from '@fastify/error';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAdmin } from './admin-auth.js';
import { NotFoundError } from './errors.js';

const BadCursorError = createError('BAD_CURSOR', 'The cursor is not one this list handed out; start again without it', 400);
const NotReplayableError = createError<[string]>('NOT_REPLAYABLE', 'This dead letter is not a valid event and cannot be sent again: %s', 422);

function toView(letter: DeadLetterRecord): DeadLetterView {
  return {
    id: letter.id,
    subject: letter.subject,
    durable: letter.durable,
    deliveries: letter.deliveries,
    reason: letter.reason,
    deadAt: letter.deadAt.toISOString(),
    eventId: letter.envelope?.id ?? null,
    replayable: letter.envelope !== null,
    payload: letter.payload,
  };
}

/**
 * The bus's dead letters, for an operator: list them (oldest first) and send one again to the group it
 * failed for. The same on both transports; served by one service (order) since the bus is shared.
 */
export const deadLetterRoutes: FastifyPluginAsyncZod<{ bus: Bus; adminApiKey: string | undefined }> = async (app, { bus, adminApiKey }) => {
  const preHandler = requireAdmin(adminApiKey);
  app.get(
    '/api/admin/deadletters',
    {
      preHandler,
      schema: {
        tags: ['admin'],
        operationId: 'listDeadLetters', summary: 'List dead letters', description: 'List dead letters, oldest first',
        security: [{ adminKey: [] }],
        querystring: deadLettersQuerySchema,
        response: { 200: deadLettersReplySchema, 400: errorBodySchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      try {
        const page = await bus.deadLetters.list(request.query);
        return { deadLetters: page.items.map(toView), nextCursor: page.nextCursor };
      } catch (err) {
        if (err instanceof InvalidCursorError) throw new BadCursorError();
        throw err;
      }
    },
  );

  app.post(
    '/api/admin/deadletters/:id/replay',
    {
      preHandler,
      schema: {
        tags: ['admin'],
        operationId: 'replayDeadLetter', summary: 'Replay a dead letter', description: 'Send a dead letter again to the consumer group it failed for, then remove it',
        security: [{ adminKey: [] }],
        params: deadLetterParamsSchema,
        response: { 200: deadLetterReplayReplySchema, 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request) => {
      try {
        const letter = await bus.deadLetters.replay(request.params.id);
        if (!letter) throw new NotFoundError('Dead letter');
        request.log.info({ deadLetterId: letter.id, durable: letter.durable, subject: letter.subject }, 'dead letter replayed');
        return { replayed: true as const, deadLetter: toView(letter) };
      } catch (err) {
        if (err instanceof InvalidEventError) throw new NotReplayableError(err.message);
        throw err;
      }
    },
  );
};
