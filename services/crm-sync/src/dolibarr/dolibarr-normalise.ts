/**
 * What Dolibarr does to a thirdparty's fields before storing them, done before we compare or send: names
 * lose their HTML and are trimmed, emails are trimmed and lowercased, phone numbers lose spaces and dots.
 * Then the column sizes of llx_societe: a longer value is refused by the database (a 500 that would never
 * pass), so a name is cut to fit and a phone or email that cannot fit is left out, each said in `adjusted`.
 */

export const columnSizes = { name: 128, email: 128, phone: 20 } as const;

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'", '&nbsp;': ' ' };

export function normaliseName(value: string): string {
  return value
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (entity) => entities[entity] ?? entity)
    .trim();
}

export const normaliseEmail = (value: string): string => value.trim().toLowerCase();

export const normalisePhone = (value: string): string => value.trim().replace(/[\s.]/g, '');

const length = (value: string) => [...value].length;

/** Cuts by characters (as a varchar counts them), never inside a surrogate pair, and trims what is left. */
const cut = (value: string, size: number) => [...value].slice(0, size).join('').trim();

export interface StoredFields {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface Normalised {
  fields: StoredFields;
  /** What had to change beyond Dolibarr's own clean-up, in words for the status page. */
  adjusted: string[];
}

/** The fields as Dolibarr will store them. An empty name falls back to the email, as a thirdparty needs one. */
export function normaliseThirdparty(input: { name: string | null; email: string | null; phone: string | null }): Normalised {
  const adjusted: string[] = [];
  const email = input.email === null ? null : normaliseEmail(input.email);
  let name = normaliseName(input.name ?? '') || email || '';
  if (length(name) > columnSizes.name) {
    name = cut(name, columnSizes.name);
    adjusted.push(`name cut to ${columnSizes.name} characters (Dolibarr's column size)`);
  }
  let phone = input.phone === null ? null : normalisePhone(input.phone) || null;
  if (phone !== null && length(phone) > columnSizes.phone) {
    phone = null;
    adjusted.push(`phone left out: longer than ${columnSizes.phone} characters once cleaned (Dolibarr's column size)`);
  }
  const fitsEmail = email !== null && email !== '' && length(email) <= columnSizes.email;
  if (email !== null && !fitsEmail) adjusted.push(`email left out: longer than ${columnSizes.email} characters (Dolibarr's column size)`);
  return { fields: { name, email: fitsEmail ? email : null, phone }, adjusted };
}

/** Two sets of fields as Dolibarr would store them are the same: the echo of our write is not an edit. */
export function sameStored(a: StoredFields, b: StoredFields | null): boolean {
  if (b === null) return false;
  const x = normaliseThirdparty(a).fields;
  const y = normaliseThirdparty(b).fields;
  return x.name === y.name && x.email === y.email && x.phone === y.phone;
}
