import { errorBodySchema } from '@lumira/contracts/http';
import {
  deliveryRefusedBodySchema,
  expertReadingViewSchema,
  readingListQuerySchema,
  readingListReplySchema,
  readingParamsSchema,
} from '@lumira/contracts/fulfilment';
import type { Collection, Filter } from '@lumira/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LinkMaker } from '../downloads/download-links.js';
import { DeliverablesMissingError, ReadingNotFoundError } from '../errors.js';
import type { ReadingDoc } from '../reading.js';
import { expertReadingView } from '../reading-views.js';
import type { ReadingWork } from '../reading-work.js';

export interface ExpertReadingOptions {
  readings: Collection<ReadingDoc>;
  work: ReadingWork;
  links: LinkMaker;
}

const cursorOf = (queueKey: string) => Buffer.from(queueKey, 'utf8').toString('base64url');
const queueKeyOf = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

/** The Expert App's queue: registered inside the expert-authenticated scope (request.expert is set). */
export const expertReadingRoutes: FastifyPluginAsyncZod<ExpertReadingOptions> = async (app, { readings, work, links }) => {
  const expert = { tags: ['expert'], security: [{ expertToken: [] }] };
  const one = { ...expert, params: readingParamsSchema };
  const view = (reading: ReadingDoc) => expertReadingView(reading, links);

  app.get(
    '/api/expert/readings',
    {
      schema: {
        ...expert,
        operationId: 'listReadings',
        summary: 'List readings',
        description: 'Readings by status (queued by default), oldest purchase first, a page at a time',
        querystring: readingListQuerySchema,
        response: { 200: readingListReplySchema, 400: errorBodySchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const { status, level, mine, limit, cursor } = request.query;
      const filter: Filter = { status };
      if (level !== undefined) filter.level = level;
      if (mine === 'true') filter.claimedBy = request.expert._id;
      if (cursor) filter.queueKey = { $gt: queueKeyOf(cursor) };
      const page = await readings.find(filter, { sort: { queueKey: 1 }, limit: limit + 1 });
      const shown = page.slice(0, limit);
      return { readings: shown.map(view), nextCursor: page.length > limit ? cursorOf(shown.at(-1)!.queueKey) : null };
    },
  );

  app.get(
    '/api/expert/readings/:id',
    {
      schema: {
        ...one,
        operationId: 'getReading',
        summary: 'Get a reading',
        description: 'One reading, with preview links to its files',
        response: { 200: expertReadingViewSchema, 401: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const reading = await readings.findOne({ _id: request.params.id });
      if (!reading) throw new ReadingNotFoundError();
      return view(reading);
    },
  );

  app.post(
    '/api/expert/readings/:id/claim',
    {
      schema: {
        ...one,
        operationId: 'claimReading',
        summary: 'Claim a reading',
        description: 'Claim a queued reading (one expert at a time; claiming it again is harmless)',
        response: { 200: expertReadingViewSchema, 401: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request) => view(await work.claim(request.params.id, request.expert._id)),
  );

  app.post(
    '/api/expert/readings/:id/release',
    {
      schema: {
        ...one,
        operationId: 'releaseReading',
        summary: 'Release a reading',
        description: 'Give a claimed reading back to the queue (its files stay)',
        response: { 200: expertReadingViewSchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request) => view(await work.release(request.params.id, request.expert._id)),
  );

  app.post(
    '/api/expert/readings/:id/deliver',
    {
      schema: {
        ...one,
        operationId: 'deliverReading',
        summary: 'Deliver a reading',
        description: "Deliver: refused with the list of what is missing until the level's files are all there",
        response: {
          200: expertReadingViewSchema,
          401: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
          409: errorBodySchema,
          422: deliveryRefusedBodySchema,
        },
      },
    },
    async (request, reply) => {
      try {
        return view(await work.deliver(request.params.id, request.expert._id, String(request.id)));
      } catch (err) {
        if (!(err instanceof DeliverablesMissingError)) throw err;
        return reply.code(422).send({ error: { code: err.code, message: err.message, requestId: String(request.id), missing: err.missing } });
      }
    },
  );
};
