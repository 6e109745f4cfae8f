import {
  creditNoteRefundBody,
  invoiceBody,
  paymentBody,
  thirdpartyBody,
  thirdpartyChangesBody,
  type InvoicePayment,
  type NewCreditNote,
  type NewInvoice,
  type NewThirdparty,
  type ThirdpartyChanges,
} from './dolibarr-bodies.js';
import { DolibarrError, isDolibarrNotFound } from './dolibarr-error.js';
import { createDolibarrRequest, type DolibarrCall } from './dolibarr-http.js';
import { createdIdSchema, invoiceSchema, parseAnswer, thirdpartySchema, type Invoice, type Thirdparty } from './dolibarr-schemas.js';
import { atLeastFilter, equalsFilter, safeValue } from './sqlfilters.js';

export interface DolibarrClientOptions {
  /** DOLIBARR_URL, the instance root: the API is below /api/index.php. */
  baseUrl: string;
  apiKey: string;
  /** Bound of one whole call (connection, headers, body). */
  timeoutMs?: number;
  /** Told when PHP printed text in front of a successful answer (warnings with display_errors on). */
  onPrinted?: (label: string, text: string) => void;
}

export type DolibarrClient = ReturnType<typeof createDolibarrClient>;

function rowid(id: number): number {
  if (!Number.isSafeInteger(id) || id <= 0) throw new DolibarrError('client', `not a Dolibarr id: ${id}`);
  return id;
}

function checkOptions({ baseUrl, apiKey, timeoutMs }: { baseUrl: string; apiKey: string; timeoutMs: number }): void {
  if (!/^https?:$/.test(URL.parse(baseUrl)?.protocol ?? '')) throw new TypeError(`createDolibarrClient: baseUrl must be an http(s) URL: ${baseUrl}`);
  if (apiKey === '') throw new TypeError('createDolibarrClient: apiKey is required');
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new TypeError(`createDolibarrClient: timeoutMs must be > 0: ${timeoutMs}`);
}

/**
 * Bad options throw here. After that every method answers a promise: bad input rejects it with a 'client'
 * DolibarrError, nothing throws.
 */
export function createDolibarrClient({ baseUrl, apiKey, timeoutMs = 10_000, onPrinted }: DolibarrClientOptions) {
  checkOptions({ baseUrl, apiKey, timeoutMs });
  const request = createDolibarrRequest({ baseUrl, apiKey, timeoutMs });

  const send = async (details: DolibarrCall) => {
    const answer = await request(details);
    if (answer.printed) onPrinted?.(`${details.method} ${details.path}`, answer.printed);
    return answer;
  };
  const call = async <T>(schema: { parse: (body: unknown, where: string) => T }, details: DolibarrCall): Promise<T> =>
    schema.parse((await send(details)).body, `${details.method} ${details.path}`);
  const unlessNotFound = async <T, F>(lookup: () => Promise<T>, fallback: F): Promise<T | F> => {
    try {
      return await lookup();
    } catch (error) {
      if (isDolibarrNotFound(error)) return fallback;
      throw error;
    }
  };

  const thirdparty = { parse: (body: unknown, where: string) => parseAnswer(thirdpartySchema, body, where) };
  const thirdparties = { parse: (body: unknown, where: string) => parseAnswer(thirdpartySchema.array(), body, where) };
  const invoice = { parse: (body: unknown, where: string) => parseAnswer(invoiceSchema, body, where) };
  const invoices = { parse: (body: unknown, where: string) => parseAnswer(invoiceSchema.array(), body, where) };
  const createdId = { parse: (body: unknown, where: string) => parseAnswer(createdIdSchema, body, where) };

  // Thirdparty lists answer 404 rather than [] when nothing matches.
  const listThirdparties = (query: Record<string, string>): Promise<Thirdparty[]> =>
    unlessNotFound(() => call(thirdparties, { method: 'GET', path: '/thirdparties', query }), []);
  const firstThirdpartyWhere = async (sqlfilters: string): Promise<Thirdparty | null> => {
    const found = await listThirdparties({ sqlfilters, sortfield: 't.rowid', sortorder: 'ASC', limit: '1' });
    return found[0] ?? null;
  };
  const getInvoice = async (id: number): Promise<Invoice | null> =>
    unlessNotFound(() => call(invoice, { method: 'GET', path: `/invoices/${rowid(id)}` }), null);
  const postInvoice = async (input: NewInvoice | NewCreditNote): Promise<number> =>
    call(createdId, { method: 'POST', path: '/invoices', body: invoiceBody(input) });
  const readBack = async (id: number, what: string): Promise<Invoice> => {
    const current = await getInvoice(id);
    if (!current) throw new DolibarrError('refused', `invoice ${id} vanished after ${what}`, { status: 404 });
    return current;
  };

  return {
    /** The oldest customer with this address (MySQL compares it case-insensitively), or null. */
    findThirdpartyByEmail: async (email: string): Promise<Thirdparty | null> => firstThirdpartyWhere(equalsFilter('t.email', email.trim())),

    findThirdpartyByRefExt: async (refExt: string): Promise<Thirdparty | null> => firstThirdpartyWhere(equalsFilter('t.ref_ext', refExt)),

    getThirdparty: async (id: number): Promise<Thirdparty | null> =>
      unlessNotFound(() => call(thirdparty, { method: 'GET', path: `/thirdparties/${rowid(id)}` }), null),

    createThirdparty: async (input: NewThirdparty): Promise<number> => call(createdId, { method: 'POST', path: '/thirdparties', body: thirdpartyBody(input) }),

    /** Changes only the fields given; answers the whole customer. */
    updateThirdparty: async (id: number, changes: ThirdpartyChanges): Promise<Thirdparty> =>
      call(thirdparty, { method: 'PUT', path: `/thirdparties/${rowid(id)}`, body: thirdpartyChangesBody(changes) }),

    /**
     * One page of customers whose `tms` is at or after `since`, a wall-clock time of Dolibarr's database
     * ('YYYYMMDDHHMMSS', see dolibarr-clock.ts), oldest change first. Several changes can share a second:
     * the caller pulls with an overlap and de-duplicates.
     */
    listThirdpartiesModifiedSince: async (since: string, { limit = 100, page = 0 }: { limit?: number; page?: number } = {}): Promise<Thirdparty[]> =>
      listThirdparties({ sqlfilters: atLeastFilter('t.tms', since), sortfield: 't.tms', sortorder: 'ASC', limit: String(limit), page: String(page) }),

    /** The thirdparty changed last, or null when there is none: a sample for reading Dolibarr's clock. */
    latestModifiedThirdparty: async (): Promise<Thirdparty | null> =>
      (await listThirdparties({ sortfield: 't.tms', sortorder: 'DESC', limit: '1' }))[0] ?? null,

    /** Whether this thirdparty's `tms` is at or after a wall-clock time of the database: how its clock is read. */
    isModifiedAtOrAfter: async (id: number, wallClock: string): Promise<boolean> =>
      (await listThirdparties({ sqlfilters: `${equalsFilter('t.rowid', String(rowid(id)))} and ${atLeastFilter('t.tms', wallClock)}`, limit: '1' })).length > 0,

    /** The first invoice carrying this ref_ext (Dolibarr does not keep it unique), or null. */
    findInvoiceByRefExt: async (refExt: string): Promise<Invoice | null> =>
      unlessNotFound(() => call(invoice, { method: 'GET', path: `/invoices/ref_ext/${encodeURIComponent(safeValue(refExt))}` }), null),

    /** Every invoice carrying this ref_ext, oldest first: more than one means duplicates. */
    listInvoicesByRefExt: async (refExt: string): Promise<Invoice[]> =>
      unlessNotFound(
        () =>
          call(invoices, {
            method: 'GET',
            path: '/invoices',
            query: { sqlfilters: equalsFilter('t.ref_ext', refExt), sortfield: 't.rowid', sortorder: 'ASC', limit: '50' },
          }),
        [],
      ),

    getInvoice,

    /** A draft "(PROVn)": validate it to give it its final number. */
    createInvoice: async (input: NewInvoice): Promise<number> => postInvoice(input),

    /** A draft credit note on `sourceInvoiceId`; lines are given with positive amounts and sent negated. */
    createCreditNote: async (input: NewCreditNote): Promise<number> => postInvoice(input),

    /** Only a draft without payments can go (anything else: 403 "Invoice not erasable"). */
    deleteInvoice: async (id: number): Promise<void> => void (await send({ method: 'DELETE', path: `/invoices/${rowid(id)}` })),

    /**
     * Validates a draft. The answer leaves the payment figures out, and an invoice already validated is a 304
     * ("nothing done"): either way the invoice is read back.
     */
    validateInvoice: async (id: number): Promise<Invoice> => {
      await send({ method: 'POST', path: `/invoices/${rowid(id)}/validate`, body: { notrigger: 0 } });
      return await readBack(id, 'validation');
    },

    /**
     * Pays what remains on a validated invoice and classifies it paid; answers the payment id. On an invoice
     * with nothing left to pay Dolibarr refuses with 400 "TotalAmountEmpty": read the invoice before retrying.
     */
    addInvoicePayment: async (id: number, payment: InvoicePayment): Promise<number> =>
      call(createdId, { method: 'POST', path: `/invoices/${rowid(id)}/payments`, body: paymentBody(payment) }),

    /** Books the refund of a credit note: `amountCents` leaves the bank account and the note is paid. */
    refundCreditNote: async (id: number, amountCents: number, payment: InvoicePayment): Promise<number> =>
      call(createdId, { method: 'POST', path: '/invoices/paymentsdistributed', body: creditNoteRefundBody(rowid(id), amountCents, payment) }),

    /** Flags an invoice paid without a payment (a free one); already paid is a 304. Answers it read back. */
    setInvoicePaid: async (id: number): Promise<Invoice> => {
      await send({ method: 'POST', path: `/invoices/${rowid(id)}/settopaid`, body: {} });
      return await readBack(id, 'settopaid');
    },

    close: () => request.close(),
  };
}
