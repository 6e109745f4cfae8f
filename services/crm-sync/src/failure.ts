import { DolibarrError } from './dolibarr/dolibarr-error.js';

/** What a person reading the status page needs to act on. */
export function describeFailure(err: unknown): { reason: string; message: string } {
  if (!(err instanceof DolibarrError)) return { reason: (err as Error).name === 'NotYetError' ? 'waiting' : 'internal', message: (err as Error).message };
  if (err.kind === 'auth') return { reason: 'auth', message: `Dolibarr refused the API key or its rights (HTTP ${err.status}): ${err.message}. Check DOLIBARR_API_KEY and the user's permissions.` };
  return { reason: err.kind, message: err.message };
}
