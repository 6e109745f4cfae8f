import type { FastifyInstance } from 'fastify';
import { tmsWallClock, phpWallClock, type RouteContext } from '../context.js';
import type { Columns } from '../filter-match.js';
import { runListQuery, type ListQuery } from '../list-query.js';
import { nextCustomerCode } from '../numbering.js';
import { RestException } from '../rest-error.js';
import { nextRowid, type ThirdpartyRecord } from '../state.js';
import { checkColumnSizes, cleanEmail, cleanName, cleanPhone } from '../thirdparty-cleaning.js';
import { thirdpartyView } from '../views.js';
import { parseIdParam, readBody, optionalText } from './request-data.js';

function columnsOf(context: RouteContext): Columns<ThirdpartyRecord> {
  return {
    't.rowid': { type: 'number', read: (r) => r.id },
    't.nom': { type: 'text', read: (r) => r.name },
    't.name_alias': { type: 'text', read: (r) => r.name_alias },
    't.email': { type: 'text', read: (r) => r.email },
    't.phone': { type: 'text', read: (r) => r.phone },
    't.client': { type: 'number', read: (r) => r.client },
    't.code_client': { type: 'text', read: (r) => r.code_client },
    't.ref_ext': { type: 'text', read: (r) => r.ref_ext },
    't.status': { type: 'number', read: (r) => r.status },
    't.datec': { type: 'datetime', read: (r) => phpWallClock(context, r.date_creation) },
    't.tms': { type: 'datetime', read: (r) => tmsWallClock(context, r.date_modification) },
  };
}

const cleanText = (value: unknown, clean: (text: string) => string): string | null => {
  const text = optionalText(value);
  return text === null ? null : optionalText(clean(text));
};

/** Fields a POST or PUT may set, cleaned as Dolibarr cleans them; anything else is ignored here. */
function applyFields(record: ThirdpartyRecord, body: Record<string, unknown>): void {
  if (body.name !== undefined) record.name = cleanName(String(body.name ?? ''));
  if (body.name_alias !== undefined) record.name_alias = cleanName(String(body.name_alias ?? ''));
  if (body.email !== undefined) record.email = cleanText(body.email, cleanEmail);
  if (body.phone !== undefined) record.phone = cleanText(body.phone, cleanPhone);
  if (body.client !== undefined) record.client = Number(body.client) || 0;
  if (body.ref_ext !== undefined) record.ref_ext = optionalText(body.ref_ext);
  if (body.status !== undefined) record.status = Number(body.status) || 0;
}

export function thirdpartyRoutes(app: FastifyInstance, context: RouteContext): void {
  const { state } = context;
  const columns = columnsOf(context);
  const view = (record: ThirdpartyRecord) => thirdpartyView(context, record);

  const find = (id: number): ThirdpartyRecord => {
    const record = state.thirdparties.get(id);
    if (!record) throw new RestException(404, 'Thirdparty not found');
    return record;
  };

  const assignCustomerCode = (record: ThirdpartyRecord, requested: unknown, failure: string): void => {
    if (requested === undefined || requested === null || requested === '') return;
    const code = requested === 'auto' || requested === -1 ? nextCustomerCode(state, phpWallClock(context, context.now())) : String(requested);
    const taken = [...state.thirdparties.values()].some((other) => other.id !== record.id && other.code_client === code);
    if (taken) throw new RestException(500, failure, ['ErrorCustomerCodeAlreadyUsed']);
    record.code_client = code;
  };

  app.get<{ Querystring: ListQuery }>('/thirdparties', async (request) => {
    const result = runListQuery(state.thirdparties.values(), columns, request.query, 'third parties');
    if (result.rows.length === 0) throw new RestException(404, 'No third parties found');
    const data = result.rows.map(view);
    return result.pagination ? { data, pagination: result.pagination } : data;
  });

  app.get<{ Params: { id: string } }>('/thirdparties/:id', async (request) => view(find(parseIdParam(request.params.id))));

  // Societe::fetch() by email: the first thirdparty with that address (MySQL compares it case-insensitively).
  app.get<{ Params: { email: string } }>('/thirdparties/email/:email', async (request) => {
    const wanted = request.params.email.toLowerCase();
    const record = [...state.thirdparties.values()].find((tp) => tp.email?.toLowerCase() === wanted);
    if (!record) throw new RestException(404, 'Thirdparty not found');
    return view(record);
  });

  app.post('/thirdparties', async (request) => {
    const body = readBody(request.body);
    if (body.name === undefined || body.name === null) throw new RestException(400, 'name field missing');
    const now = context.now();
    const record: ThirdpartyRecord = {
      id: 0,
      name: '',
      name_alias: '',
      email: null,
      phone: null,
      client: 0,
      code_client: null,
      ref_ext: null,
      status: 1,
      date_creation: now,
      date_modification: now,
    };
    applyFields(record, body);
    if (record.name === '') throw new RestException(500, 'Error creating thirdparty', ['ErrorFieldRequired']);
    checkColumnSizes(record, 'Error creating thirdparty');
    assignCustomerCode(record, body.code_client, 'Error creating thirdparty');
    record.id = nextRowid(state, 'thirdparty');
    state.thirdparties.set(record.id, record);
    return record.id;
  });

  app.put<{ Params: { id: string } }>('/thirdparties/:id', async (request) => {
    const record = find(parseIdParam(request.params.id));
    const body = readBody(request.body);
    const updated = { ...record };
    applyFields(updated, body);
    checkColumnSizes(updated, null);
    if (body.code_client !== undefined && body.code_client !== record.code_client) {
      assignCustomerCode(updated, body.code_client, 'Error updating thirdparty');
    }
    updated.date_modification = context.now();
    state.thirdparties.set(record.id, updated);
    return view(updated);
  });
}

/** A change made by someone in Dolibarr's own screens (cleaned as the API cleans), for tests of the pull side. */
export function editThirdpartyInBackOffice(context: RouteContext, id: number, fields: { name?: string; email?: string; phone?: string }): ThirdpartyRecord {
  const record = context.state.thirdparties.get(id);
  if (!record) throw new Error(`No thirdparty ${id} in the Dolibarr emulator`);
  const updated = { ...record, date_modification: context.now() };
  applyFields(updated, fields);
  context.state.thirdparties.set(id, updated);
  return updated;
}
