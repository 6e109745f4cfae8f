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

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text, with CRLF hard breaks and soft breaks under 76 columns. */
export function quotedPrintable(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => foldQpLine(encodeQpLine(line)))
    .join('\r\n');
}

function encodeQpLine(line: string): string[] {
  const bytes = Buffer.from(line, 'utf8');
  return Array.from(bytes, (byte, i) => {
    const isLast = i === bytes.length - 1;
    const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !isLast);
    return literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  });
}

/** Joins encoded tokens, breaking with a soft `=` before a line would pass 76; an `=XX` is never split. */
function foldQpLine(tokens: string[]): string {
  const lines: string[] = [];
  let current = '';
  for (const token of tokens) {
    if (current.length + token.length > maxQpLine - 1) {
      lines.push(`${current}=`);
      current = '';
    }
    current += token;
  }
  return [...lines, current].join('\r\n');
}
