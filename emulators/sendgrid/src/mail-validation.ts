import { fieldError, type SendgridError } from './error-bodies.js';

type Json = Record<string, unknown>;

// Loose on purpose: SendGrid's own check is not RFC 5322 either, it only refuses what cannot be an address.
const addressPattern = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isFilledString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isAddress = (value: unknown): boolean => typeof value === 'string' && addressPattern.test(value);

/**
 * The checks SendGrid's v3 mail send runs before it queues a mail, reported all at once like SendGrid does,
 * with the same messages and dotted field paths (`personalizations.0.to`, `from.email`, `content.1.value`).
 */
export function validateMailBody(body: unknown): SendgridError[] {
  if (!isObject(body)) return [{ message: 'Bad Request', field: null, help: null }];
  const hasTemplate = isFilledString(body.template_id);
  return [
    ...personalizationErrors(body.personalizations),
    ...fromErrors(body.from),
    ...subjectErrors(body, hasTemplate),
    ...contentErrors(body.content, hasTemplate),
  ];
}

function personalizationErrors(personalizations: unknown): SendgridError[] {
  if (!Array.isArray(personalizations) || personalizations.length === 0) {
    return [fieldError('personalizations', 'The personalizations field is required and must have at least one personalization.', 'personalizations')];
  }
  return personalizations.flatMap((personalization: unknown, i) => {
    const to = isObject(personalization) ? personalization.to : undefined;
    if (!Array.isArray(to) || to.length === 0) {
      return [
        fieldError(
          `personalizations.${i}.to`,
          'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
          'personalizations.to',
        ),
      ];
    }
    return to.flatMap((recipient: unknown, j) =>
      isObject(recipient) && isAddress(recipient.email)
        ? []
        : [fieldError(`personalizations.${i}.to.${j}.email`, 'Does not contain a valid address.', 'personalizations.to')],
    );
  });
}

function fromErrors(from: unknown): SendgridError[] {
  if (!isObject(from) || !isFilledString(from.email)) {
    return [
      fieldError(
        'from.email',
        'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.  e.g. {"email" : "example@example.com"}  or {"email" : "example@example.com", "name" : "Example Recipient"}.',
        'from',
      ),
    ];
  }
  return isAddress(from.email) ? [] : [fieldError('from.email', 'The from email does not contain a valid address.', 'from')];
}

function subjectErrors(body: Json, hasTemplate: boolean): SendgridError[] {
  if (hasTemplate || isFilledString(body.subject)) return [];
  const personalizations = Array.isArray(body.personalizations) ? body.personalizations : [];
  const everyOneHasSubject = personalizations.length > 0 && personalizations.every((p: unknown) => isObject(p) && isFilledString(p.subject));
  if (everyOneHasSubject) return [];
  return [
    fieldError(
      'subject',
      'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
      'subject',
    ),
  ];
}

function contentErrors(content: unknown, hasTemplate: boolean): SendgridError[] {
  if (content === undefined && hasTemplate) return [];
  if (!Array.isArray(content) || content.length === 0) {
    return [
      fieldError(
        'content',
        'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.',
        'content',
      ),
    ];
  }
  const itemErrors = content.flatMap((item: unknown, i) => {
    const part = isObject(item) ? item : {};
    return [
      ...(isFilledString(part.type)
        ? []
        : [fieldError(`content.${i}.type`, 'The content type must be a string at least one character in length.', 'content.type')]),
      ...(isFilledString(part.value)
        ? []
        : [fieldError(`content.${i}.value`, 'The content value must be a string at least one character in length.', 'content.value')]),
    ];
  });
  return [...itemErrors, ...contentOrderErrors(content)];
}

/** SendGrid insists on text/plain, then text/html, then anything else, so clients pick the richest part last. */
function contentOrderErrors(content: unknown[]): SendgridError[] {
  const rank = (item: unknown): number => {
    const type = isObject(item) && typeof item.type === 'string' ? item.type.toLowerCase() : '';
    return type === 'text/plain' ? 0 : type === 'text/html' ? 1 : 2;
  };
  const ordered = content.every((item, i) => i === 0 || rank(content[i - 1]) <= rank(item));
  return ordered
    ? []
    : [fieldError('content', 'If present, text/plain content must be first, followed by text/html, followed by any other content.', 'content')];
}
