import type { FastifyInstance } from 'fastify';
import { phpDay, phpWallClock, tmsWallClock, type RouteContext } from '../context.js';
import type { Columns } from '../filter-match.js';
import { toLines } from '../invoice-lines.js';
import { runListQuery, type ListQuery } from '../list-query.js';
import { draftRef, nextInvoiceRef } from '../numbering.js';
import { RestException } from '../rest-error.js';
import { nextRowid, paidCents, type EmulatorState, type InvoiceLineRecord, type InvoiceRecord } from '../state.js';
import { invoiceView } from '../views.js';
import { optionalText, parseIdParam, readBody, unixSeconds } from './request-data.js';

function columnsOf(context: RouteContext): Columns<InvoiceRecord> {
  return {
    't.rowid': { type: 'number', read: (r) => r.id },
    't.ref': { type: 'text', read: (r) => r.ref },
    't.ref_ext': { type: 'text', read: (r) => r.ref_ext },
    't.fk_soc': { type: 'number', read: (r) => r.socid },
    't.type': { type: 'number', read: (r) => r.type },
    't.fk_statut': { type: 'number', read: (r) => r.statut },
    't.paye': { type: 'number', read: (r) => r.paye },
    't.fk_facture_source': { type: 'number', read: (r) => r.fk_facture_source },
    't.total_ttc': { type: 'number', read: (r) => r.total_ttc },
    't.datef': { type: 'datetime', read: (r) => phpWallClock(context, r.date) },
    't.datec': { type: 'datetime', read: (r) => phpWallClock(context, r.date_creation) },
    't.tms': { type: 'datetime', read: (r) => tmsWallClock(context, r.date_modification) },
  };
}

const TYPE_STANDARD = 0;
const TYPE_CREDIT_NOTE = 2;

export function findInvoice(state: EmulatorState, id: number): InvoiceRecord {
  const record = state.invoices.get(id);
  if (!record) throw new RestException(404, 'Invoice not found');
  return record;
}

/** update_price(): the document totals are the sums of the line totals. */
function sumCents(lines: InvoiceLineRecord[], key: 'total_ht' | 'total_tva' | 'total_ttc'): number {
  return lines.reduce((cents, line) => cents + Math.round(line[key] * 100), 0) / 100;
}

/**
 * Facture::create() as the API calls it. Nothing checks a credit note's source invoice or its sign: the
 * back-office would refuse both, the API does not. The date column is a DATE: the day in PHP's zone.
 */
function createInvoice(context: RouteContext, body: Record<string, unknown>): number {
  const { state } = context;
  if (body.socid === undefined || body.socid === null) throw new RestException(400, 'socid field missing');
  const socid = Number(body.socid);
  // The foreign key on fk_soc makes the INSERT fail, which Facture::create() reports as a generic error.
  if (!state.thirdparties.has(socid)) throw new RestException(500, 'Error creating invoice', ['Failed to fetch company']);
  const type = Number(body.type ?? TYPE_STANDARD);
  if (type !== TYPE_STANDARD && type !== TYPE_CREDIT_NOTE) {
    throw new RestException(500, 'Error creating invoice', [`invoice type ${type} is not emulated`]);
  }
  const source = body.fk_facture_source === undefined || body.fk_facture_source === null ? null : Number(body.fk_facture_source);
  const now = context.now();
  const date = body.date === undefined ? now : unixSeconds(body.date);
  if (date === undefined) throw new RestException(500, 'Error creating invoice', ['ErrorBadParameter date']);
  const lines = toLines(state, body.lines);
  const id = nextRowid(state, 'invoice');
  state.invoices.set(id, {
    id,
    socid,
    type,
    ref: draftRef(id),
    ref_ext: optionalText(body.ref_ext),
    fk_facture_source: type === TYPE_CREDIT_NOTE ? source : null,
    date: phpDay(context, date),
    statut: 0,
    paye: 0,
    lines,
    total_ht: sumCents(lines, 'total_ht'),
    total_tva: sumCents(lines, 'total_tva'),
    total_ttc: sumCents(lines, 'total_ttc'),
    date_creation: now,
    date_validation: null,
    date_modification: now,
  });
  return id;
}

/** Facture::validate() answers 0 on a document that is not a draft, which the API turns into a 304. */
function validateInvoice(context: RouteContext, record: InvoiceRecord): boolean {
  if (record.statut !== 0) return false;
  const now = context.now();
  context.state.invoices.set(record.id, {
    ...record,
    ref: nextInvoiceRef(context.state, record.type, phpWallClock(context, record.date)),
    statut: 1,
    date_validation: now,
    date_modification: now,
  });
  return true;
}

export function invoiceRoutes(app: FastifyInstance, context: RouteContext): void {
  const { state } = context;
  const columns = columnsOf(context);

  app.get<{ Querystring: ListQuery }>('/invoices', async (request) => {
    const result = runListQuery(state.invoices.values(), columns, request.query, 'invoice list');
    const data = result.rows.map((record) => invoiceView(context, record));
    return result.pagination ? { data, pagination: result.pagination } : data;
  });

  app.get<{ Params: { id: string } }>('/invoices/:id', async (request) => invoiceView(context, findInvoice(state, parseIdParam(request.params.id))));

  app.get<{ Params: { ref_ext: string } }>('/invoices/ref_ext/:ref_ext', async (request) => {
    // `WHERE ref_ext = …` under MySQL's default collation: case-insensitive, first row wins.
    const wanted = request.params.ref_ext.toLowerCase();
    const record = [...state.invoices.values()].find((invoice) => invoice.ref_ext?.toLowerCase() === wanted);
    if (!record) throw new RestException(404, 'Invoice not found');
    return invoiceView(context, record);
  });

  app.post('/invoices', async (request) => createInvoice(context, readBody(request.body)));

  // The answer is the object as validate() left it: the payment figures GET computes are not there.
  app.post<{ Params: { id: string } }>('/invoices/:id/validate', async (request, reply) => {
    const record = findInvoice(state, parseIdParam(request.params.id));
    if (!validateInvoice(context, record)) return reply.code(304).send();
    return invoiceView(context, findInvoice(state, record.id), { payments: false });
  });

  // Facture::setPaid() flags the invoice whatever its status; 0 (already paid) becomes a 304.
  app.post<{ Params: { id: string } }>('/invoices/:id/settopaid', async (request, reply) => {
    const record = findInvoice(state, parseIdParam(request.params.id));
    if (record.paye === 1) return reply.code(304).send();
    state.invoices.set(record.id, { ...record, paye: 1, statut: 2, date_modification: context.now() });
    return invoiceView(context, findInvoice(state, record.id), { payments: false });
  });

  // Facture::is_erasable(): a draft without payments can go; anything else answers 0, a 403.
  app.delete<{ Params: { id: string } }>('/invoices/:id', async (request) => {
    const record = findInvoice(state, parseIdParam(request.params.id));
    if (record.statut !== 0 || paidCents(state, record.id) !== 0) throw new RestException(403, 'Invoice not erasable');
    state.invoices.delete(record.id);
    return { success: { code: 200, message: 'Invoice deleted' } };
  });
}
