import { DolibarrError } from './dolibarr/dolibarr-error.js';

/** Dolibarr's error texts can quote the filter we sent, customer's address included. */
const emailLike = /[^\s'"`(),;:<>@]+@[^\s'"`(),;:<>@]+\.[^\s'"`(),;:<>@]+/g;
const scrub = (text: string) => text.replace(emailLike, '[email]');

/**
 * What a person reading the status page needs to act on. The message lands in logs and in the stored
 * status, so addresses are taken out of it.
 */
export function describeFailure(err: unknown): { reason: string; message: string } {
  const { reason, message } = classify(err);
  return { reason, message: scrub(message) };
}

function classify(err: unknown): { reason: string; message: string } {
  if (!(err instanceof DolibarrError)) return { reason: (err as Error).name === 'NotYetError' ? 'waiting' : 'internal', message: (err as Error).message };
  if (err.kind === 'auth') return { reason: 'auth', message: `Dolibarr refused the API key or its rights (HTTP ${err.status}): ${err.message}. Check DOLIBARR_API_KEY and the user's permissions.` };
  return { reason: err.kind, message: err.message };
}
