import createError from '@fastify/error';
import type { DeliverableKind } from '@lumira/contracts/catalog';
import { createExposedError } from '@lumira/http';

/** Every refusal of the fulfilment service, with its code and status, in one place. */
export const ReadingNotFoundError = createError('READING_NOT_FOUND', 'Reading not found', 404);
export const ReadingStateError = createError<[string]>('READING_STATE', '%s', 409);
export const NotYourReadingError = createError('NOT_YOUR_READING', 'This reading is claimed by another expert', 403);
export const ExpertNotFoundError = createError('EXPERT_NOT_FOUND', 'Expert not found', 404);
export const ExpertExistsError = createError('EXPERT_EXISTS', 'An active expert already has this address', 409);

export const KindNotPromisedError = createError<[number, string]>('KIND_NOT_PROMISED', 'Level %d does not include a %s file', 422);
export const FileTooLargeError = createError<[string, number]>('FILE_TOO_LARGE', 'The %s file is larger than the limit of %d bytes', 413);
export const UnsupportedFileTypeError = createError<[string, string, string]>(
  'UNSUPPORTED_FILE_TYPE',
  'The content is not an accepted %s file (it reads as %s); accepted: %s',
  415,
);
export const EmptyUploadError = createError('EMPTY_UPLOAD', 'The upload is empty: send the file as the request body', 400);
export const UploadAbortedError = createError('UPLOAD_ABORTED', 'The upload was interrupted before the whole file arrived', 400);
export const UnreadableAudioError = createError('UNREADABLE_AUDIO', 'The audio file cannot be read (damaged, or not the format its first bytes claim)', 422);
export const AudioDurationError = createError<[string]>('AUDIO_DURATION_MISMATCH', '%s', 422);
export const StorageUnavailableError = createExposedError(
  'STORAGE_UNAVAILABLE',
  'The file storage did not take the file; nothing was kept, try the upload again',
  503,
);
export const FileNotFoundError = createError<[string]>('FILE_NOT_FOUND', 'This reading has no %s file', 404);

export const LinkInvalidError = createError('DOWNLOAD_LINK_INVALID', 'This download link is not valid', 403);
export const LinkExpiredError = createError('DOWNLOAD_LINK_EXPIRED', 'This download link has expired: open your space again for a new one', 403);
export const AccessSuspendedError = createError('ACCESS_SUSPENDED', 'Access to this reading is suspended while a payment dispute is open', 403);
export const AccessRevokedError = createError<[string]>('ACCESS_REVOKED', 'Access to this reading was withdrawn (%s)', 410);
export const RangeNotSatisfiableError = createError('RANGE_NOT_SATISFIABLE', 'The requested range is outside the file', 416);

export const SignInTokenInvalidError = createError('SIGN_IN_TOKEN_INVALID', 'This sign-in link is not valid: ask for a new one', 401);
export const SignInTokenUsedError = createError('SIGN_IN_TOKEN_USED', 'This sign-in link was already used: ask for a new one', 401);
export const SignInTokenExpiredError = createError('SIGN_IN_TOKEN_EXPIRED', 'This sign-in link has expired: ask for a new one', 401);
export const SessionInvalidError = createError('SESSION_INVALID', 'Missing, expired or signed-out session: sign in again', 401);
export const TooManySignInsError = createError<[number]>('RATE_LIMITED', 'Too many sign-in requests from this network; retry in %d s', 429);

/** Delivery refused: carries the list of missing kinds, which the route adds to the error body. */
export class DeliverablesMissingError extends Error {
  readonly code = 'DELIVERABLES_MISSING';
  readonly statusCode = 422;
  constructor(readonly missing: DeliverableKind[]) {
    super(`Not deliverable yet: missing ${missing.join(', ')}`);
    this.name = 'DeliverablesMissingError';
  }
}
export const FileReplacedError = createError(
  'FILE_REPLACED',
  'This file was replaced or removed since the link was made: open the reading again for a new link',
  404,
);
