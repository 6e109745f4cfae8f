/**
 * Builds the sqlfilters criteria the client sends. Dolibarr pastes the value into SQL: recent versions escape
 * what sits between the quotes, older ones do not, and no version lets a value hold a parenthesis (it ends the
 * criterion) or, before mid-2024, a colon (it splits it). Rather than escaping in a way one version would
 * undo and another would not, any value with a quote, parenthesis, colon, backslash or control character is
 * refused before a request is made (a 'client' DolibarrError), which keeps injection through sqlfilters
 * impossible on every version.
 */

import { DolibarrError } from './dolibarr-error.js';

// Control characters are exactly what this refuses.
// eslint-disable-next-line no-control-regex
const unsafeValue = /['"()\\:\u0000-\u001f\u007f]/;
const fieldName = /^[a-z]+\.[a-z_]+$/;

/** The value itself, once checked; also used for values that go into a URL path segment. */
export function safeValue(value: string): string {
  if (value === '' || unsafeValue.test(value)) {
    throw new DolibarrError('client', `value not allowed in a Dolibarr query: ${JSON.stringify(value)}`);
  }
  return value;
}

function criterion(field: string, operator: '=' | '>=', value: string): string {
  if (!fieldName.test(field)) throw new DolibarrError('client', `field not allowed in a Dolibarr filter: ${field}`);
  return `(${field}:${operator}:'${safeValue(value)}')`;
}

export function equalsFilter(field: string, value: string): string {
  return criterion(field, '=', value);
}

export function atLeastFilter(field: string, value: string): string {
  return criterion(field, '>=', value);
}
