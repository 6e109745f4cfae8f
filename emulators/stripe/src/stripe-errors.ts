/** Stripe's error body; stripe-node maps the HTTP status and `type` to its error classes. */
export interface StripeErrorBody {
  type: 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error' | 'rate_limit_error' | 'authentication_error';
  code?: string;
  message: string;
  param?: string;
  decline_code?: string;
  payment_intent?: unknown;
  doc_url?: string;
}

export class StripeApiError extends Error {
  constructor(readonly status: number, readonly body: StripeErrorBody) {
    super(body.message);
  }
}

export const invalid = (message: string, code?: string, param?: string) =>
  new StripeApiError(400, { type: 'invalid_request_error', message, ...(code ? { code } : {}), ...(param ? { param } : {}) });

export const missingResource = (kind: string, id: string, param = 'id') =>
  new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${kind}: '${id}'` });

export const unexpectedState = (message: string) => invalid(message, 'payment_intent_unexpected_state');

export function errorForStatus(status: number): StripeErrorBody {
  if (status === 429) return { type: 'rate_limit_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' };
  if (status === 401) return { type: 'authentication_error', message: 'Invalid API Key provided.' };
  if (status >= 500) return { type: 'api_error', message: 'An unknown error occurred while processing the request (injected by the emulator).' };
  return { type: 'invalid_request_error', message: `Request failed with status ${status} (injected by the emulator).` };
}
