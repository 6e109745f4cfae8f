import { RestException } from './rest-error.js';

/**
 * What Dolibarr 22 does to a thirdparty's fields before it stores them (the API's value check and
 * Societe::update()): HTML is taken out of names and they are trimmed, emails are trimmed and lowercased,
 * spaces and dots are removed from phone numbers. Then the columns' sizes apply: MariaDB in strict mode
 * refuses a longer value, and Dolibarr reports the database's words.
 */

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'", '&nbsp;': ' ' };

export function cleanName(value: string): string {
  return value
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (entity) => entities[entity] ?? entity)
    .trim();
}

export function cleanEmail(value: string): string {
  return value.trim().toLowerCase();
}

export function cleanPhone(value: string): string {
  return value.trim().replace(/[\s.]/g, '');
}

/** llx_societe: nom, name_alias and email are varchar(128), phone varchar(20). */
export const columnSizes = { nom: 128, name_alias: 128, email: 128, phone: 20 } as const;

/** MariaDB's refusal of a value longer than its column, as mysqli reports it. */
export function tooLong(column: keyof typeof columnSizes, value: string | null): string | undefined {
  if (value === null || [...value].length <= columnSizes[column]) return undefined;
  return `Data too long for column '${column}' at row 1`;
}

/** The check of every sized column; `failure` is the API's message ("Error creating thirdparty"), or null for PUT. */
export function checkColumnSizes(fields: { name: string; name_alias: string; email: string | null; phone: string | null }, failure: string | null): void {
  const problem = tooLong('nom', fields.name) ?? tooLong('name_alias', fields.name_alias) ?? tooLong('email', fields.email) ?? tooLong('phone', fields.phone);
  if (!problem) return;
  // POST merges the error into the details ("0"); PUT puts it in the message.
  throw failure === null ? new RestException(500, problem) : new RestException(500, failure, [problem]);
}
