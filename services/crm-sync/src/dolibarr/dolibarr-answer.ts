import { gunzipSync } from 'node:zlib';

/**
 * What a Dolibarr answer holds once its bytes are read defensively. We ask for `identity`, but a proxy or an
 * older Dolibarr may gzip anyway; and a PHP technical error prints HTML in front of the answer (before the
 * gzip data when there is some), so the body is neither valid gzip nor valid JSON.
 */
export interface DecodedAnswer {
  /** The JSON value, wrapped so that `null` and `false` are told apart from "no JSON". */
  json?: { value: unknown };
  /** Text of the HTML that came before the JSON, or of a whole non-JSON page (tags removed, shortened). */
  page?: string;
}

const gzipMagic = Buffer.from([0x1f, 0x8b, 0x08]);
const maxPageText = 300;

function gunzipOrNull(bytes: Buffer): Buffer | null {
  try {
    return gunzipSync(bytes);
  } catch {
    return null;
  }
}

/** The plain bytes and any bytes that came before a gzip stream. */
function uncompress(bytes: Buffer, contentEncoding: string): { text: string; prefix: string } {
  if (!/gzip/i.test(contentEncoding) && !bytes.subarray(0, 3).equals(gzipMagic)) return { text: bytes.toString('utf8'), prefix: '' };
  const whole = gunzipOrNull(bytes);
  if (whole) return { text: whole.toString('utf8'), prefix: '' };
  const start = bytes.indexOf(gzipMagic);
  const rest = start > 0 ? gunzipOrNull(bytes.subarray(start)) : null;
  if (rest) return { text: rest.toString('utf8'), prefix: bytes.subarray(0, start).toString('utf8') };
  return { text: bytes.toString('utf8'), prefix: '' };
}

function parseJson(text: string): { value: unknown } | undefined {
  if (text.trim() === '') return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

export function pageText(html: string): string {
  const text = html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > maxPageText ? `${text.slice(0, maxPageText)}…` : text;
}

/** Where HTML printed by PHP ends and the JSON begins: after one of its closing '>' (at most 200 tried). */
function splitHtmlPrefix(text: string): DecodedAnswer | undefined {
  let from = 0;
  for (let tries = 0; tries < 200; tries++) {
    const end = text.indexOf('>', from);
    if (end < 0) return undefined;
    const json = parseJson(text.slice(end + 1));
    if (json) return { json, page: pageText(text.slice(0, end + 1)) };
    from = end + 1;
  }
  return undefined;
}

/** JSON is only read under a JSON content type (or none): a proxy's page ending in "500" is not an answer. */
export function decodeAnswer(bytes: Buffer, headers: { contentType: string; contentEncoding: string }): DecodedAnswer {
  const { text, prefix } = uncompress(bytes, headers.contentEncoding);
  const jsonAllowed = headers.contentType === '' || /json/i.test(headers.contentType);
  const json = jsonAllowed ? parseJson(text) : undefined;
  if (json) return prefix.trim() === '' ? { json } : { json, page: pageText(prefix) };
  if (jsonAllowed && text.trimStart().startsWith('<')) {
    const split = splitHtmlPrefix(text);
    if (split) return prefix.trim() === '' ? split : { json: split.json, page: pageText(`${prefix} ${split.page ?? ''}`) };
  }
  const page = pageText(prefix + text);
  return page === '' ? {} : { page };
}
