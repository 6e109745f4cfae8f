import { z } from 'zod';
import { DolibarrError } from './dolibarr-error.js';

/**
 * What the client reads from Dolibarr's JSON. Dolibarr sends database values as strings ("12", "14.00000000"),
 * some as numbers depending on version and driver, and empty columns as null or "": every field is read in
 * either form. These shapes are private to the client, so they live here rather than in libs/contracts.
 */

const numeric = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/),
  ])
  .transform(Number);
const rowid = numeric.pipe(z.number().int().positive());
const cents = numeric.transform((amount) => Math.round(amount * 100));
const text = z
  .string()
  .nullish()
  .transform((value) => (value ? value : null));
const unixDate = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value) => {
    const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    return typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000) : null;
  });

/** Ids come back as a bare JSON integer. */
export const createdIdSchema = rowid;

export const thirdpartySchema = z
  .object({
    id: rowid,
    name: z.string(),
    email: text,
    phone: text,
    ref_ext: text,
    code_client: text,
    date_creation: unixDate,
    date_modification: unixDate,
  })
  .transform((raw) => ({
    id: raw.id,
    name: raw.name,
    email: raw.email,
    phone: raw.phone,
    refExt: raw.ref_ext,
    customerCode: raw.code_client,
    createdAt: raw.date_creation,
    modifiedAt: raw.date_modification,
  }));

export type Thirdparty = z.output<typeof thirdpartySchema>;

const invoiceStatuses = ['draft', 'validated', 'paid', 'abandoned'] as const;

export const invoiceSchema = z
  .object({
    id: rowid,
    ref: z.string(),
    ref_ext: text,
    socid: rowid,
    type: numeric,
    statut: numeric.pipe(z.number().int().min(0).max(3)),
    paye: numeric,
    fk_facture_source: numeric.nullish(),
    total_ht: cents,
    total_tva: cents,
    total_ttc: cents,
    // The validate answer leaves the payment figures null; GET computes them.
    remaintopay: cents.nullish(),
  })
  .transform((raw) => ({
    id: raw.id,
    ref: raw.ref,
    refExt: raw.ref_ext,
    socid: raw.socid,
    kind: raw.type === 2 ? ('credit_note' as const) : raw.type === 0 ? ('standard' as const) : ('other' as const),
    status: invoiceStatuses[raw.statut] as (typeof invoiceStatuses)[number],
    paid: raw.paye === 1,
    sourceInvoiceId: raw.fk_facture_source || null,
    totalNetCents: raw.total_ht,
    totalVatCents: raw.total_tva,
    totalGrossCents: raw.total_ttc,
    remainToPayCents: raw.remaintopay ?? null,
  }));

export type Invoice = z.output<typeof invoiceSchema>;

/** A JSON answer of the wrong shape: something other than the expected Dolibarr endpoint answered. */
export function parseAnswer<T extends z.ZodType>(schema: T, body: unknown, label: string): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'body';
    throw new DolibarrError('not_json', `Dolibarr answered ${label} with an unexpected shape (at ${where})`);
  }
  return parsed.data;
}
