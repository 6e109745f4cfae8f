import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { createMailSink, removeUnfinished } from '../../src/mail/mail-sink.js';
import type { MailMessage } from '../../src/mail/mail-message.js';
import { encodeHeaderText, quotedPrintable } from '../../src/mail/mime-encoding.js';

/** Just enough of a MIME reader to check what a mail client would show. */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function parseEml(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const headerBlock = raw.slice(0, split).replace(/\r\n[ \t]/g, ' ');
  const headers = new Map<string, string>();
  for (const line of headerBlock.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const boundary = /boundary="([^"]+)"/.exec(headers.get('content-type') ?? '')?.[1] ?? '';
  const parts = raw
    .slice(split + 4)
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const end = chunk.indexOf('\r\n\r\n');
      const partHeaders = chunk.slice(0, end);
      return {
        type: /Content-Type: ([^;\r\n]+)/.exec(partHeaders)?.[1],
        charset: /charset=([^;\r\n]+)/.exec(partHeaders)?.[1],
        encoding: /Content-Transfer-Encoding: (\S+)/.exec(partHeaders)?.[1],
        body: decodeQuotedPrintable(chunk.slice(end + 4).replace(/\r\n$/, '')),
      };
    });
  return { headers, parts, closed: raw.includes(`--${boundary}--`) };
}

const message: MailMessage = {
  to: { email: 'zoe@example.com', name: 'Zoé "la" Dupré' },
  from: { email: 'boutique@lumira.example', name: 'Lumira' },
  subject: 'Confirmation de votre achat : Tirage complet — niveau 2 ✨ avec un sujet assez long pour être replié',
  text: `Bonjour Zoé,\n\nMerci pour votre achat de 14,00\u00a0€.\n${'Une ligne très longue '.repeat(8)}= fin\nFin avec espace `,
  html: '<p>Bonjour Zoé,</p>\n<p>Merci &amp; à bientôt</p>',
};

t.test('each mail becomes a parseable .eml named by time and id, in a directory created on demand', async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), 'lumira-sink-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const dir = path.join(root, 'outbox', 'mails');
  const sink = createMailSink({ dir, now: () => new Date('2025-11-23T22:47:00.123Z') });

  const { providerMessageId } = await sink.send(message);
  const files = await readdir(dir);
  t.same(files, [`20251123T224700123Z-${providerMessageId}.eml`], 'one file, no temporary left behind');

  const raw = await readFile(path.join(dir, files[0] as string), 'utf8');
  const badLines = raw.split('\r\n').filter((line) => line.length > 78);
  t.same(badLines, [], 'no line longer than 78 characters');
  t.notMatch(raw.replace(/\r\n/g, ''), /\n/, 'CRLF line ends only');

  const eml = parseEml(raw);
  t.equal(eml.headers.get('from'), '"Lumira" <boutique@lumira.example>');
  t.equal(decodeWords(eml.headers.get('to') ?? ''), 'Zoé "la" Dupré <zoe@example.com>');
  t.equal(decodeWords(eml.headers.get('subject') ?? ''), message.subject);
  t.match(eml.headers.get('subject'), /^=\?UTF-8\?B\?/);
  t.equal(eml.headers.get('date'), 'Sun, 23 Nov 2025 22:47:00 +0000');
  t.equal(eml.headers.get('message-id'), `<${providerMessageId}@lumira.example>`);
  t.equal(eml.headers.get('mime-version'), '1.0');
  t.match(eml.headers.get('content-type'), /^multipart\/alternative; boundary="/);
  t.ok(eml.closed, 'the multipart is closed');

  t.same(
    eml.parts.map((p) => [p.type, p.charset, p.encoding]),
    [
      ['text/plain', 'UTF-8', 'quoted-printable'],
      ['text/html', 'UTF-8', 'quoted-printable'],
    ],
  );
  t.equal(eml.parts[0]?.body, message.text.replace(/\n/g, '\r\n'));
  t.equal(eml.parts[1]?.body, message.html.replace(/\n/g, '\r\n'));
});

t.test('custom args become X-Lumira headers, so a file names its order; no line break gets through', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'lumira-sink-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const sink = createMailSink({ dir });
  await sink.send({ ...message, customArgs: { orderId: 'ord_42', notificationId: 'order.completed:ord_42\r\nBcc: x@evil.example' } });
  const [file] = await readdir(dir);
  const eml = parseEml(await readFile(path.join(dir, file as string), 'utf8'));
  t.equal(eml.headers.get('x-lumira-orderid'), 'ord_42');
  t.equal(eml.headers.get('x-lumira-notificationid'), 'order.completed:ord_42 Bcc: x@evil.example');
  t.notOk(eml.headers.has('bcc'));
});

t.test('two mails in the same millisecond get two files', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'lumira-sink-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const sink = createMailSink({ dir, now: () => new Date('2025-11-23T22:47:00.123Z') });
  const [a, b] = await Promise.all([sink.send(message), sink.send(message)]);
  t.not(a.providerMessageId, b.providerMessageId);
  t.equal((await readdir(dir)).length, 2);
});

t.test('a directory removed while running is made again by the next mail', async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), 'lumira-sink-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const dir = path.join(root, 'mail');
  const sink = createMailSink({ dir });
  await sink.send(message);
  await rm(dir, { recursive: true });
  const { providerMessageId } = await sink.send(message);
  const files = await readdir(dir);
  t.equal(files.length, 1);
  t.match(files[0], new RegExp(`-${providerMessageId}\\.eml$`));
});

t.test('header text: short ASCII stays readable, line breaks cannot start a new header', async (t) => {
  t.equal(encodeHeaderText('Your refund: Tirage'), 'Your refund: Tirage');
  t.equal(encodeHeaderText('Hi\r\nBcc: x@evil.example'), 'Hi Bcc: x@evil.example');
  const encoded = encodeHeaderText('Remboursé ✨');
  t.equal(encoded, `=?UTF-8?B?${Buffer.from('Remboursé ✨').toString('base64')}?=`);
  const long = encodeHeaderText('é'.repeat(100));
  t.ok(
    long.split('\r\n ').every((word) => word.length <= 75),
    'every encoded word within 75 characters',
  );
  t.equal(decodeWords(long.replace(/\r\n /g, ' ')), 'é'.repeat(100));
});

t.test('quoted-printable escapes "=", non-ASCII and trailing spaces, and never splits an escape', async (t) => {
  t.equal(quotedPrintable('a=b é '), 'a=3Db =C3=A9=20');
  const folded = quotedPrintable('é'.repeat(40));
  t.ok(folded.split('\r\n').every((line) => line.length <= 76));
  t.ok(
    folded
      .split('\r\n')
      .slice(0, -1)
      .every((line) => /(=[0-9A-F]{2})+=$/.test(line)),
  );
  t.equal(decodeQuotedPrintable(folded), 'é'.repeat(40));
});

t.test('a notification sent again (after a crash before it was recorded) replaces its file: one mail', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'lumira-sink-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const sink = createMailSink({ dir });
  const tagged = { ...message, customArgs: { notificationId: 'order.completed:ord_42', orderId: 'ord_42' } };
  await sink.send(tagged);
  await sink.send(tagged);
  t.same(await readdir(dir), ['order.completed_ord_42.eml'], 'named after the notification, once');
});

t.test('half-written mails left by a killed process are removed, finished ones kept', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'lumira-sink-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, '.order.completed_ord_1.eml.tmp'), 'From: half');
  await writeFile(path.join(dir, 'order.completed_ord_2.eml'), 'whole');
  t.equal(await removeUnfinished(dir), 1);
  t.same(await readdir(dir), ['order.completed_ord_2.eml']);
  t.equal(await removeUnfinished(path.join(dir, 'missing')), 0, 'no directory yet: nothing to do');
});
