/**
 * Stripe's error body. `type` is one of the four values of Stripe's spec (`api_errors.type`): a 401 and a 429
 * are `invalid_request_error` too, and stripe-node picks its error class from the HTTP status.
 */
export interface StripeErrorBody {
  type: 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';
  code?: string;
  message: string;
  param?: string;
  decline_code?: string;
  advice_code?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
}

export interface ErrorOptions {
  /**
   * Raised while checking the request, before the endpoint ran: Stripe stores no idempotent result for it
   * (a later request with the same key runs afresh).
   */
  validation?: boolean;
  /** Sent as `Stripe-Should-Retry` (stripe-node obeys it before looking at the status). */
  shouldRetry?: boolean;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly options: ErrorOptions = {},
  ) {
    super(body.message);
  }
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;

export function errorBody(type: StripeErrorBody['type'], message: string, extra: Omit<StripeErrorBody, 'type' | 'message'> = {}): StripeErrorBody {
  return { ...(extra.code ? { doc_url: docUrl(extra.code) } : {}), ...extra, message, type };
}

/** A request Stripe refuses while checking it: nothing was done and nothing is stored. */
export const invalid = (message: string, code?: string, param?: string) =>
  new StripeApiError(400, errorBody('invalid_request_error', message, { ...(code ? { code } : {}), ...(param ? { param } : {}) }), { validation: true });

/** A request that ran and was refused for the state it found (stored for its idempotency key, like any result). */
export const refused = (message: string, code?: string, param?: string) =>
  new StripeApiError(400, errorBody('invalid_request_error', message, { ...(code ? { code } : {}), ...(param ? { param } : {}) }));

/** An id in the URL that names nothing: 404. */
export const missingResource = (kind: string, id: string) =>
  new StripeApiError(404, errorBody('invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param: 'id' }), { validation: true });

/** An id given as a parameter that names nothing: 400, as Stripe answers it. */
export const missingParamResource = (kind: string, id: string, param: string) =>
  new StripeApiError(400, errorBody('invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param }), { validation: true });

export const unexpectedState = (message: string) => refused(message, 'payment_intent_unexpected_state');

export const unknownParameter = (param: string) => invalid(`Received unknown parameter: ${param}`, 'parameter_unknown', param);

/** What an injected failure answers when the test gives no body of its own. */
export function errorForStatus(status: number): StripeErrorBody {
  if (status === 429) {
    return errorBody('invalid_request_error', 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.', {
      code: 'rate_limit',
    });
  }
  if (status === 401) return errorBody('invalid_request_error', 'Invalid API Key provided: sk_test_****');
  if (status >= 500) return errorBody('api_error', 'An unknown error occurred while processing the request (injected by the emulator).');
  return errorBody('invalid_request_error', `Request failed with status ${status} (injected by the emulator).`);
}
