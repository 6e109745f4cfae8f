import { STATUS_CODES } from 'node:http';

/** One entry of SendGrid's `errors` array; `field` and `help` are null when the error is not about the body. */
export interface SendgridError {
  message: string;
  field: string | null;
  help: string | null;
}

export interface SendgridErrorBody {
  errors: SendgridError[];
}

const mailErrorsHelp = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html';

export function fieldError(field: string, message: string, anchor: string): SendgridError {
  return { message, field, help: `${mailErrorsHelp}#message.${anchor}` };
}

export function errorBody(message: string): SendgridErrorBody {
  return { errors: [{ message, field: null, help: null }] };
}

/** SendGrid answers a missing key and a wrong one alike, so a caller cannot probe which keys exist. */
export const invalidGrant = (): SendgridErrorBody => errorBody('The provided authorization grant is invalid, expired, or revoked');

export const payloadTooLarge = (): SendgridErrorBody => errorBody('The JSON payload you have included in your request is too large.');

const defaultMessages: Record<number, string> = {
  400: 'Bad Request',
  401: 'The provided authorization grant is invalid, expired, or revoked',
  403: 'access forbidden',
  413: 'The JSON payload you have included in your request is too large.',
  429: 'too many requests',
  500: 'internal error',
  502: 'bad gateway',
  503: 'service unavailable',
};

/** The body SendGrid sends with a status when nothing more specific applies (injected failures, parse errors). */
export function defaultErrorBody(status: number): SendgridErrorBody {
  return errorBody(defaultMessages[status] ?? STATUS_CODES[status]?.toLowerCase() ?? 'error');
}
