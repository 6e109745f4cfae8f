import { DolibarrError } from './dolibarr/dolibarr-error.js';

/** Dolibarr's error texts can quote the filter we sent, customer's address included. */
const emailLike = /[^\s'"`(),;:<>@]+@[^\s'"`(),;:<>@]+\.[^\s'"`(),;:<>@]+/g;
export const scrubEmails = (text: string) => text.replace(emailLike, '[email]');

/** What to do with a failed run: wait and look again, retry with backoff, wait for a person, or park. */
export type FailureCategory = 'waiting' | 'outage' | 'configuration' | 'refused' | 'internal';

export interface DescribedFailure {
  /** The metric label: the Dolibarr error's kind, or waiting / internal. */
  reason: string;
  category: FailureCategory;
  message: string;
}

/**
 * What a person reading the status page needs to act on, in Dolibarr's own words where it gave some. The
 * message lands in logs and in the stored status, so addresses are taken out of it.
 */
export function describeFailure(err: unknown): DescribedFailure {
  const { reason, category, message } = classify(err);
  return { reason, category, message: scrubEmails(message) };
}

function classify(err: unknown): DescribedFailure {
  const error = err instanceof Error ? err : new Error(String(err));
  if (error.name === 'WaitingError') return { reason: 'waiting', category: 'waiting', message: error.message };
  if (!(error instanceof DolibarrError)) return { reason: 'internal', category: 'internal', message: error.message };
  const base = { reason: error.kind, category: error.category };
  if (error.kind === 'auth') {
    return {
      ...base,
      message: `Dolibarr refused the API key or its rights (HTTP ${error.status}): ${error.message}. Check DOLIBARR_API_KEY and the user's permissions.`,
    };
  }
  if (error.category === 'refused') return { ...base, message: `Dolibarr refused the request: ${error.message}` };
  return { ...base, message: error.message };
}
