import type { Thirdparty } from './dolibarr/dolibarr-schemas.js';

/** What we last wrote to a thirdparty (or last took from it): a pulled change equal to it is our own echo. */
export interface ThirdpartyFields {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface CustomerLinkDoc {
  /** Our user id, also the thirdparty's ref_ext. */
  _id: string;
  /** Absent until the thirdparty is known (sparse index). */
  dolibarrId?: number;
  written: ThirdpartyFields | null;
  writtenAt: Date | null;
}

export const fieldsOf = (tp: Thirdparty): ThirdpartyFields => ({ name: tp.name, email: tp.email, phone: tp.phone });

const norm = (v: string | null) => (v ?? '').trim().toLowerCase();

export function sameFields(a: ThirdpartyFields, b: ThirdpartyFields | null): boolean {
  return b !== null && norm(a.name) === norm(b.name) && norm(a.email) === norm(b.email) && norm(a.phone) === norm(b.phone);
}
