import { crmResyncBodySchema, crmResyncReplySchema, crmStatusQuerySchema, crmStatusReplySchema } from '@lumira/contracts/crm';
import { errorBodySchema } from '@lumira/contracts/http';
import { NotFoundError, requireAdmin } from '@lumira/http';
import type { Collection } from '@lumira/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jobId, type CrmJob } from '../crm-job.js';
import type { CrmState } from '../crm-state.js';

export interface AdminCrmOptions {
  jobs: Collection<CrmJob>;
  state: CrmState;
  adminApiKey: string | undefined;
  dolibarrUrl: string | null;
  wake: (id: string) => void;
}

const iso = (d: Date | number | null | undefined) => (d === null || d === undefined ? null : new Date(d).toISOString());

export const adminCrmRoutes: FastifyPluginAsyncZod<AdminCrmOptions> = async (app, { jobs, state, adminApiKey, dolibarrUrl, wake }) => {
  app.addHook('preHandler', requireAdmin(adminApiKey));

  app.get(
    '/api/admin/crm/status',
    {
      schema: {
        tags: ['admin'],
        summary: 'Dolibarr sync: backlog, last push and pull, last error, and the work not yet done',
        security: [{ adminKey: [] }],
        querystring: crmStatusQuerySchema,
        response: { 200: crmStatusReplySchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const [current, backlog, failed, open] = await Promise.all([
        state.read(),
        jobs.countDocuments({ status: 'pending' }),
        jobs.countDocuments({ status: 'failed' }),
        jobs.find({ status: { $in: ['pending', 'failed'] } }, { sort: { createdAt: 1 }, limit: request.query.limit }),
      ]);
      return {
        enabled: dolibarrUrl !== null,
        dolibarrUrl,
        backlog,
        failed,
        lastPushAt: iso(current.lastPushAt),
        lastPullAt: iso(current.lastPullAt),
        pullCursor: iso(current.pullCursor),
        lastError: current.lastError ? { message: current.lastError.message, jobId: current.lastError.jobId, at: current.lastError.at.toISOString() } : null,
        jobs: open.map((j) => ({ id: j._id, kind: j.kind, status: j.status, attempts: j.attempts, lastError: j.lastError, nextAttemptAt: iso(j.dueAt) })),
      };
    },
  );

  app.post(
    '/api/admin/crm/resync',
    {
      schema: {
        tags: ['admin'],
        summary: "Push one customer, or one order's invoice and credit note, to Dolibarr again",
        security: [{ adminKey: [] }],
        body: crmResyncBodySchema,
        response: { 202: crmResyncReplySchema, 401: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request, reply) => {
      const ids = 'userId' in request.body ? [jobId('customer', request.body.userId)] : [jobId('invoice', request.body.orderId), jobId('credit-note', request.body.orderId)];
      const rearmed: string[] = [];
      for (const id of ids) {
        const r = await jobs.updateOne({ _id: id }, { $set: { status: 'pending', dueAt: Date.now(), lastError: null, attempts: 0 }, $inc: { version: 1 } });
        if (r.matched === 1) rearmed.push(id);
      }
      if (rearmed.length === 0) throw new NotFoundError('CRM work for this id');
      for (const id of rearmed) wake(id);
      return reply.code(202).send({ jobs: rearmed });
    },
  );
};
