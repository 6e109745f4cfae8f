/** The encodings RFC 2047 and RFC 2045 ask of a mail written by hand: header words and quoted-printable bodies. */

const plainHeaderText = /^[\x20-\x7e]*$/;

// 39 bytes of UTF-8 are 52 base64 characters: with "=?UTF-8?B??=" a word is 64 long, so even after
// "Subject: " the line stays within RFC 5322's 78.
const maxWordBytes = 39;

/** A header value as-is when it is short printable ASCII, otherwise as folded `=?UTF-8?B?…?=` words. */
export function encodeHeaderText(value: string): string {
  const singleLine = value.replace(/[\r\n]+/g, ' ');
  if (plainHeaderText.test(singleLine) && singleLine.length <= 70) return singleLine;
  return utf8Chunks(singleLine)
    .map((chunk) => `=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`)
    .join('\r\n ');
}

/** Splits on code points, never inside one, so each encoded word decodes on its own. */
function utf8Chunks(value: string): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const char of value) {
    if (Buffer.byteLength(current + char, 'utf8') > maxWordBytes) {
      chunks.push(current);
      current = '';
    }
    current += char;
  }
  return [...chunks, current];
}

/** `"Name" <email>`, or just `<email>`; an ASCII name is quoted, any other is an encoded word. */
export function formatAddress(address: { email: string; name?: string }): string {
  const email = address.email.replace(/[\s<>]/g, '');
  const name = address.name?.replace(/[\r\n]+/g, ' ').trim();
  if (!name) return `<${email}>`;
  const phrase = plainHeaderText.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : encodeHeaderText(name);
  const lastLine = phrase.slice(phrase.lastIndexOf('\n') + 1);
  // Folded before the address when, header name in front, the line would pass 78.
  const fits = 'From: '.length + lastLine.length + ' <>'.length + email.length <= 78;
  return fits ? `${phrase} <${email}>` : `${phrase}\r\n <${email}>`;
}

const maxQpLine = 76;

const hexEscape = (byte: number) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
/** Each byte's quoted-printable form, looked up rather than built again for every byte of every mail. */
const qpToken = Array.from({ length: 256 }, (_, byte) =>
  (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32 || byte === 9 ? String.fromCharCode(byte) : hexEscape(byte),
);
/** A space or tab ending a line must be escaped, or transports may strip it. */
const qpTokenAtEnd = qpToken.map((token, byte) => (byte === 32 || byte === 9 ? hexEscape(byte) : token));

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text, with CRLF hard breaks and soft breaks under 76 columns. */
export function quotedPrintable(text: string): string {
  return text.split(/\r?\n/).map(encodeQpLine).join('\r\n');
}

/** One line's bytes as tokens, breaking with a soft `=` before a line would pass 76; an `=XX` is never split. */
function encodeQpLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const last = bytes.length - 1;
  let out = '';
  let column = 0;
  for (let i = 0; i <= last; i++) {
    const token = (i === last ? qpTokenAtEnd : qpToken)[bytes[i]!]!;
    if (column + token.length > maxQpLine - 1) {
      out += '=\r\n';
      column = 0;
    }
    out += token;
    column += token.length;
  }
  return out;
}
