import type { Thirdparty } from './dolibarr/dolibarr-schemas.js';
import { sameStored, type StoredFields } from './dolibarr/dolibarr-normalise.js';

/** What we last wrote to a thirdparty (or last took from it), as Dolibarr stores it. */
export type ThirdpartyFields = StoredFields;

export interface CustomerLinkDoc {
  /** Our user id, also the thirdparty's ref_ext. */
  _id: string;
  /** Absent until the thirdparty is known (sparse index). */
  dolibarrId?: number;
  written: ThirdpartyFields | null;
  writtenAt: Date | null;
}

export const fieldsOf = (tp: Thirdparty): ThirdpartyFields => ({ name: tp.name, email: tp.email, phone: tp.phone });

/** A pulled thirdparty equal to what we wrote, once both are cleaned as Dolibarr cleans: our own echo. */
export function sameFields(a: ThirdpartyFields, b: ThirdpartyFields | null): boolean {
  return sameStored(a, b);
}
