export type MailSendErrorKind = 'retryable' | 'permanent';

/**
 * A send that did not go out. `retryable` means the same mail may succeed later (rate limit, provider
 * outage, network); `permanent` means sending it again as is will fail the same way. The message is safe
 * to log: it never carries the API key nor the recipient's address, and no `cause` is kept because the
 * HTTP client's error holds the request headers, key included.
 */
export class MailSendError extends Error {
  readonly kind: MailSendErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(kind: MailSendErrorKind, message: string, details: { status?: number; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'MailSendError';
    this.kind = kind;
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}
