import { crmAuditQuerySchema, crmAuditReplySchema, crmRepairBodySchema, crmRepairReplySchema } from '@lumira/contracts/crm';
import { errorBodySchema } from '@lumira/contracts/http';
import { ConflictError, exposed, requireAdmin, UnavailableError } from '@lumira/http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CrmAudit } from '../crm-audit.js';
import type { CrmLedger } from '../crm-ledger.js';
import { DolibarrError } from '../dolibarr/dolibarr-error.js';
import { describeFailure } from '../failure.js';

export interface AdminCrmAuditOptions {
  adminApiKey: string | undefined;
  /** Null when DOLIBARR_URL is not set: there is nothing to compare with. */
  audit: CrmAudit | null;
  ledger: CrmLedger;
}

/** Dolibarr could not be read: the audit cannot say anything, and says why. */
async function readingDolibarr<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DolibarrError) throw exposed(new UnavailableError(`Dolibarr could not be read: ${describeFailure(err).message}`));
    throw err;
  }
}

export const adminCrmAuditRoutes: FastifyPluginAsyncZod<AdminCrmAuditOptions> = async (app, { adminApiKey, audit, ledger }) => {
  app.addHook('preHandler', requireAdmin(adminApiKey));
  const enabled = (): CrmAudit => {
    if (!audit) throw new ConflictError('Dolibarr is not configured (DOLIBARR_URL is unset): there is nothing to audit');
    return audit;
  };

  app.get(
    '/api/admin/crm/audit',
    {
      schema: {
        tags: ['admin'],
        operationId: 'auditCrm',
        summary: 'Audit Dolibarr against orders',
        description: "Compare completed and refunded orders with Dolibarr's invoices and credit notes: missing, duplicated, wrong amount, unpaid",
        security: [{ adminKey: [] }],
        querystring: crmAuditQuerySchema,
        response: { 200: crmAuditReplySchema, 400: errorBodySchema, 401: errorBodySchema, 409: errorBodySchema, 503: errorBodySchema },
      },
    },
    async (request) => {
      const { from, to, limit } = request.query;
      const report = await readingDolibarr(() => enabled().audit({ from, to, limit }));
      return { from: from.toISOString(), to: to.toISOString(), ...report };
    },
  );

  app.post(
    '/api/admin/crm/repair',
    {
      schema: {
        tags: ['admin'],
        operationId: 'repairCrm',
        summary: 'Repair Dolibarr documents',
        description: 'Repair what the audit finds for these orders: missing, unvalidated or unpaid documents and duplicate drafts (the rest needs a person)',
        security: [{ adminKey: [] }],
        body: crmRepairBodySchema,
        response: { 202: crmRepairReplySchema, 400: errorBodySchema, 401: errorBodySchema, 409: errorBodySchema, 503: errorBodySchema },
      },
    },
    async (request, reply) => {
      const repairing = enabled();
      const wanted = [...new Set(request.body.orderIds)];
      const orders = await ledger.byIds(wanted);
      const known = new Set(orders.map((o) => o._id));
      const result = await readingDolibarr(() => repairing.repair(orders));
      return reply.code(202).send({
        rearmed: result.rearmed,
        unknown: wanted.filter((id) => !known.has(id)),
        needsPerson: result.needsPerson,
        findings: result.report.findings,
      });
    },
  );
};
