import type { MailMessage } from './mail-message.js';
import { encodeHeaderText, formatAddress, quotedPrintable } from './mime-encoding.js';

export interface EmlEnvelope {
  messageId: string;
  date: Date;
  boundary: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 §3.3 date-time in UTC, with "+0000" rather than the obsolete "GMT" that toUTCString writes. */
export function rfc5322Date(date: Date): string {
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${weekdays[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} ${time} +0000`;
}

/** A complete RFC 5322 message: multipart/alternative, text first so clients that can show HTML prefer it. */
export function formatEml(message: MailMessage, envelope: EmlEnvelope): string {
  const domain = message.from.email.split('@')[1] ?? 'localhost';
  const headers = [
    `From: ${formatAddress(message.from)}`,
    `To: ${formatAddress(message.to)}`,
    `Subject: ${encodeHeaderText(message.subject)}`,
    `Date: ${rfc5322Date(envelope.date)}`,
    `Message-ID: <${envelope.messageId}@${domain}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative;\r\n boundary="${envelope.boundary}"`,
    // SendGrid carries customArgs beside the mail; here they become headers, so a file names its order.
    ...Object.entries(message.customArgs ?? {}).map(([key, value]) => `X-Lumira-${key}: ${value.replace(/[\r\n]+/g, ' ')}`),
  ];
  const part = (type: string, body: string): string[] => [
    `--${envelope.boundary}`,
    `Content-Type: ${type}; charset=UTF-8`,
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(body),
  ];
  return [...headers, '', ...part('text/plain', message.text), ...part('text/html', message.html), `--${envelope.boundary}--`, ''].join('\r\n');
}
