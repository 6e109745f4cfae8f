import { errorBodySchema } from '@lumira/contracts/http';
import { createExpertBodySchema, createExpertReplySchema, expertListReplySchema, expertParamsSchema, expertViewSchema } from '@lumira/contracts/fulfilment';
import { requireAdmin } from '@lumira/http';
import type { Collection } from '@lumira/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ExpertExistsError, ExpertNotFoundError } from '../errors.js';
import { expertView, hashSecret, newSecret, type ExpertDoc } from '../experts/expert.js';
import { newExpertId } from '../reading-ids.js';
import type { ReadingWork } from '../reading-work.js';

export interface AdminExpertOptions {
  experts: Collection<ExpertDoc>;
  work: ReadingWork;
  adminApiKey: string | undefined;
}

/** Experts are people with credentials of their own, made and revoked by the shop's admin. */
export const adminExpertRoutes: FastifyPluginAsyncZod<AdminExpertOptions> = async (app, { experts, work, adminApiKey }) => {
  app.addHook('preHandler', requireAdmin(adminApiKey));
  const admin = { tags: ['admin'], security: [{ adminKey: [] }] };

  app.post(
    '/api/admin/experts',
    {
      schema: {
        ...admin,
        operationId: 'createExpert',
        summary: 'Create an expert',
        description: 'Create an expert; the reply holds their credential, shown this once',
        body: createExpertBodySchema,
        response: { 201: createExpertReplySchema, 400: errorBodySchema, 401: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      if (await experts.findOne({ email, revokedAt: null })) throw new ExpertExistsError();
      const token = newSecret('lxp');
      const expert: ExpertDoc = { _id: newExpertId(), email, name: request.body.name, tokenHash: hashSecret(token), createdAt: new Date(), revokedAt: null };
      await experts.insertOne(expert);
      request.log.info({ expertId: expert._id }, 'expert created');
      return reply.code(201).send({ ...expertView(expert), token });
    },
  );

  app.get(
    '/api/admin/experts',
    {
      schema: {
        ...admin,
        operationId: 'listExperts',
        summary: 'List experts',
        description: 'Experts, active and revoked',
        response: { 200: expertListReplySchema, 401: errorBodySchema },
      },
    },
    async () => ({ experts: (await experts.find({}, { sort: { createdAt: 1 }, limit: 500 })).map(expertView) }),
  );

  app.delete(
    '/api/admin/experts/:id',
    {
      schema: {
        ...admin,
        operationId: 'revokeExpert',
        summary: 'Revoke an expert',
        description: "Revoke an expert's credential; the readings they held go back to the queue",
        params: expertParamsSchema,
        response: { 200: expertViewSchema, 401: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const revoked =
        (await experts.findOneAndUpdate({ _id: id, revokedAt: null }, { $set: { revokedAt: new Date() } })) ?? (await experts.findOne({ _id: id }));
      if (!revoked) throw new ExpertNotFoundError();
      const released = await work.releaseAllOf(id);
      request.log.info({ expertId: id, released }, 'expert revoked');
      return expertView(revoked);
    },
  );
};
