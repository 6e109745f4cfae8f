import { deadLetterView, InvalidCursorError, InvalidEventError, replayDeadLetter, type Bus } from '@lumira/bus';
import { errorBodySchema } from '@lumira/contracts/http';
import { deadLetterParamsSchema, deadLetterReplayReplySchema, deadLettersQuerySchema, deadLettersReplySchema } from '@lumira/contracts/ops';
import createError from '@fastify/error';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAdmin } from './admin-auth.js';
import { createExposedError, NotFoundError } from './errors.js';

const BadCursorError = createError('BAD_CURSOR', 'The cursor is not one this list handed out; start again without it', 400);
const NotReplayableError = createError<[string]>('NOT_REPLAYABLE', 'This dead letter is not a valid event and cannot be sent again: %s', 422);
/**
 * The owner did not answer in time: it may be slow and still send the letter. The operator's next move is
 * to retry, and a retry cannot send it twice (the owner answers 404 once the letter is gone, and both
 * transports de-duplicate a replay by `replay:<letter id>`), so the message says so.
 */
const ReplayUnconfirmedError = createExposedError(
  'REPLAY_UNCONFIRMED',
  'The service that sends this letter did not confirm the replay in time; it may still send it. Retrying is safe: a letter already replayed answers 404, and a replay sent twice is delivered once',
  503,
);

/**
 * The bus's dead letters, for an operator: list them (oldest first) and send one again to the group it
 * failed for. The same on both transports; served by one service (order) since the bus is shared. A replay
 * is published by the service that owns the letter's subject (libs/bus/src/dead-letter-replay.ts).
 */
export const deadLetterRoutes: FastifyPluginAsyncZod<{ bus: Bus; adminApiKey: string | undefined }> = async (app, { bus, adminApiKey }) => {
  const preHandler = requireAdmin(adminApiKey);
  app.get(
    '/api/admin/deadletters',
    {
      preHandler,
      schema: {
        tags: ['admin'],
        operationId: 'listDeadLetters',
        summary: 'List dead letters',
        description: 'List dead letters, oldest first',
        security: [{ adminKey: [] }],
        querystring: deadLettersQuerySchema,
        response: { 200: deadLettersReplySchema, 400: errorBodySchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      try {
        const page = await bus.deadLetters.list(request.query);
        return { deadLetters: page.items.map(deadLetterView), nextCursor: page.nextCursor };
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
        operationId: 'replayDeadLetter',
        summary: 'Replay a dead letter',
        description: 'Send a dead letter again to the consumer group it failed for, then remove it',
        security: [{ adminKey: [] }],
        params: deadLetterParamsSchema,
        response: { 200: deadLetterReplayReplySchema, 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema, 422: errorBodySchema },
      },
    },
    async (request) => {
      try {
        const deadLetter = await replayDeadLetter(bus, request.params.id, { correlationId: request.id });
        if (!deadLetter) throw new NotFoundError('Dead letter');
        request.log.info({ deadLetterId: deadLetter.id, durable: deadLetter.durable, subject: deadLetter.subject }, 'dead letter replayed');
        return { replayed: true as const, deadLetter };
      } catch (err) {
        if (err instanceof InvalidEventError) throw new NotReplayableError(err.message);
        if (err instanceof Error && err.name === 'RpcTimeoutError') {
          request.log.warn({ err, deadLetterId: request.params.id }, 'dead letter replay not confirmed');
          throw new ReplayUnconfirmedError();
        }
        throw err;
      }
    },
  );
};
