import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomText } from '@lumira/contracts';
import { formatEml } from './eml-format.js';
import type { MailMessage, MailSendResult, MailTransport } from './mail-message.js';

export interface MailSinkOptions {
  dir: string;
  now?: () => Date;
}

/** `20251123T224700123Z`: sorts by time in a directory listing and is safe in every file system. */
const fileTimestamp = (date: Date): string => date.toISOString().replace(/[-:.]/g, '');

/** The directory is made on the first write, and again if someone removed it, not checked on every mail. */
async function writeCreatingDir(dir: string, file: string, content: string): Promise<void> {
  try {
    await writeFile(file, content, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dir, { recursive: true });
    await writeFile(file, content, 'utf8');
  }
}

/** Half-written mails of a process killed mid-write: never renamed, so never a mail. */
export async function removeUnfinished(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const unfinished = names.filter((n) => n.startsWith('.') && n.endsWith('.eml.tmp'));
  await Promise.all(unfinished.map(async (n) => await rm(path.join(dir, n), { force: true })));
  return unfinished.length;
}

/** A notification's file name is fixed by its id: sending it again (after a crash) replaces it. */
const safeName = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * Development's stand-in for SendGrid: each mail becomes a `.eml` file any mail client opens. Written under
 * a temporary name and renamed, so a watcher of the directory never reads half a mail; one file per
 * notification, so the crash window that can make SendGrid send a mail twice leaves one file here.
 */
export function createMailSink(options: MailSinkOptions): MailTransport {
  const now = options.now ?? (() => new Date());
  return {
    async send(message: MailMessage): Promise<MailSendResult> {
      const date = now();
      const notificationId = message.customArgs?.notificationId;
      const messageId = randomText(12, 'hex');
      const eml = formatEml(message, { messageId, date, boundary: `lumira-${randomText(12, 'hex')}` });
      const fileName = notificationId ? `${safeName(notificationId)}.eml` : `${fileTimestamp(date)}-${messageId}.eml`;
      const temporary = path.join(options.dir, `.${fileName}.tmp`);
      await writeCreatingDir(options.dir, temporary, eml);
      await rename(temporary, path.join(options.dir, fileName));
      return { providerMessageId: messageId };
    },
  };
}
