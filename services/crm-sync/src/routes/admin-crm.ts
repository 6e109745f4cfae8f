import { crmResyncBodySchema, crmResyncReplySchema, crmStatusQuerySchema, crmStatusReplySchema } from '@lumira/contracts/crm';
import { errorBodySchema } from '@lumira/contracts/http';
import { NotFoundError, requireAdmin } from '@lumira/http';
import type { Collection } from '@lumira/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jobId, reopen, type CrmJob } from '../crm-job.js';
import type { CrmState, LearnedClock } from '../crm-state.js';
import type { ZoneSpec } from '../dolibarr/dolibarr-clock.js';

export interface AdminCrmOptions {
  jobs: Collection<CrmJob>;
  state: CrmState;
  adminApiKey: string | undefined;
  dolibarrUrl: string | null;
  configuredZone: string | undefined;
  wake: (id: string) => void;
}

const iso = (d: Date | number | null | undefined) => (d === null || d === undefined ? null : new Date(d).toISOString());
const zoneText = (spec: ZoneSpec) => ('zone' in spec ? spec.zone : `UTC${spec.offsetMinutes >= 0 ? '+' : '-'}${Math.abs(spec.offsetMinutes)}min`);

function clockView(configuredZone: string | undefined, learned: LearnedClock | undefined) {
  if (configuredZone) return { source: 'config' as const, database: configuredZone, php: configuredZone, learnedAt: null };
  if (!learned) return null;
  const { database, php } = learned.clock;
  const assumed = learned.databaseFrom === 'assumed' ? ' (taken equal to PHP: no timed write yet)' : '';
  return { source: 'learned' as const, database: `${zoneText(database)}${assumed}`, php: zoneText(php), learnedAt: iso(learned.learnedAt) };
}

export const adminCrmRoutes: FastifyPluginAsyncZod<AdminCrmOptions> = async (app, { jobs, state, adminApiKey, dolibarrUrl, configuredZone, wake }) => {
  app.addHook('preHandler', requireAdmin(adminApiKey));

  app.get(
    '/api/admin/crm/status',
    {
      schema: {
        tags: ['admin'],
        operationId: 'getCrmStatus',
        summary: 'Dolibarr sync status',
        description: "Dolibarr sync: backlog, last push and pull, last error, Dolibarr's clock, notes, and the work not yet done",
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
        clock: dolibarrUrl === null ? null : clockView(configuredZone, current.clock),
        notes: (current.notes ?? []).map((n) => ({ jobId: n.jobId, message: n.message, at: new Date(n.at).toISOString() })),
        jobs: open.map((j) => ({
          id: j._id,
          kind: j.kind,
          status: j.status,
          attempts: j.attempts,
          lastError: j.lastError,
          nextAttemptAt: iso(j.dueAt),
          notes: j.notes ?? [],
        })),
      };
    },
  );

  app.post(
    '/api/admin/crm/resync',
    {
      schema: {
        tags: ['admin'],
        operationId: 'resyncCrm',
        summary: 'Push to Dolibarr again',
        description: "Push one customer, or one order's invoice and credit notes, to Dolibarr again",
        security: [{ adminKey: [] }],
        body: crmResyncBodySchema,
        response: { 202: crmResyncReplySchema, 401: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request, reply) => {
      const ids =
        'userId' in request.body
          ? [jobId('customer', request.body.userId)]
          : [
              jobId('invoice', request.body.orderId),
              ...(await jobs.find({ orderId: request.body.orderId })).map((j) => j._id),
              jobId('credit-note', request.body.orderId),
            ];
      const rearmed: string[] = [];
      const again = reopen(Date.now());
      for (const id of new Set(ids)) {
        const r = await jobs.updateOne({ _id: id }, { ...again, $set: { ...again.$set, attempts: 0 }, $inc: { version: 1 } });
        if (r.matched === 1) rearmed.push(id);
      }
      if (rearmed.length === 0) throw new NotFoundError('CRM work for this id');
      for (const id of rearmed) wake(id);
      return reply.code(202).send({ jobs: rearmed });
    },
  );
};
