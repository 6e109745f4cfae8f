import { Client } from '@sendgrid/client';
import { MailService, type MailDataRequired } from '@sendgrid/mail';
import type { MailMessage, MailSendResult, MailTransport } from './mail-message.js';
import { MailSendError } from './mail-send-error.js';
import { parseRetryAfter } from './retry-after.js';

export interface SendgridTransportOptions {
  apiKey: string;
  /** The SendGrid API root; the emulator's URL in tests and development. */
  baseUrl?: string;
  timeoutMs?: number;
}

interface HttpFailure {
  code: number;
  response: { headers?: Record<string, unknown>; body?: unknown };
}

const isHttpFailure = (error: unknown): error is HttpFailure =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' && 'response' in error;

const isNetworkFailure = (error: unknown): error is Error & { code?: string } =>
  error instanceof Error && (error as { isAxiosError?: unknown }).isAxiosError === true;

const emailLike = /[^\s@<>"',;:()]+@[^\s@<>"',;:()]+/g;

export function createSendgridTransport(options: SendgridTransportOptions): MailTransport {
  // A client of our own: the packages' default singletons are shared process-wide, and a test's emulator URL
  // must never leak into another transport.
  const client = new Client();
  client.setApiKey(options.apiKey);
  // After setApiKey, which resets the base URL to SendGrid's global region.
  if (options.baseUrl) client.setDefaultRequest('baseUrl', options.baseUrl);
  const mail = new MailService();
  mail.setClient(client);
  mail.setTimeout(options.timeoutMs ?? 10_000);

  /** SendGrid's own words, minus anything that must not reach a log line. */
  const scrub = (text: string): string => text.split(options.apiKey).join('[api key]').replace(emailLike, '[address]');

  function toMailSendError(error: unknown): MailSendError {
    if (isHttpFailure(error)) {
      const status = error.code;
      const message = scrub(sendgridMessages(error.response.body) ?? `SendGrid answered HTTP ${status}`);
      if (status === 429 || status >= 500) {
        const retryAfterMs = parseRetryAfter(headerValue(error.response.headers, 'retry-after'), new Date());
        return new MailSendError('retryable', message, { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
      }
      return new MailSendError('permanent', message, { status });
    }
    if (isNetworkFailure(error)) {
      return new MailSendError('retryable', scrub(`SendGrid unreachable: ${error.code ?? error.message}`));
    }
    // Thrown by the mail helper before any request: the message itself is malformed.
    const detail = error instanceof Error ? error.message : String(error);
    return new MailSendError('permanent', scrub(`mail refused before sending: ${detail}`));
  }

  return {
    async send(message: MailMessage): Promise<MailSendResult> {
      try {
        const [response] = await mail.send(toSendgridMail(message));
        const id = headerValue(response.headers as Record<string, unknown>, 'x-message-id');
        return { providerMessageId: id ?? null };
      } catch (error) {
        throw toMailSendError(error);
      }
    },
  };
}

function toSendgridMail(message: MailMessage): MailDataRequired {
  const common = {
    to: message.to,
    from: message.from,
    // Handlebars in the dynamic template escapes what it prints; the helper's warning about quotes is noise.
    hideWarnings: true,
    ...(message.categories?.length ? { categories: message.categories } : {}),
    ...(message.customArgs ? { customArgs: message.customArgs } : {}),
  };
  if (message.templateId) {
    return { ...common, templateId: message.templateId, dynamicTemplateData: message.dynamicData ?? {} };
  }
  return { ...common, subject: message.subject, text: message.text, html: message.html };
}

function sendgridMessages(body: unknown): string | undefined {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const messages = errors
    .map((entry: unknown) => (entry as { message?: unknown } | null)?.message)
    .filter((message): message is string => typeof message === 'string' && message.length > 0);
  return messages.length ? messages.join('; ') : undefined;
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === 'string' ? value : undefined;
}
