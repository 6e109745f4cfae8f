import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
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

/**
 * Development's stand-in for SendGrid: each mail becomes a `.eml` file any mail client opens. Written under
 * a temporary name and renamed, so a watcher of the directory never reads half a mail.
 */
export function createMailSink(options: MailSinkOptions): MailTransport {
  const now = options.now ?? (() => new Date());
  return {
    async send(message: MailMessage): Promise<MailSendResult> {
      const date = now();
      const messageId = randomBytes(12).toString('hex');
      const eml = formatEml(message, { messageId, date, boundary: `lumira-${randomBytes(12).toString('hex')}` });
      const fileName = `${fileTimestamp(date)}-${messageId}.eml`;
      const temporary = path.join(options.dir, `.${fileName}.tmp`);
      await writeCreatingDir(options.dir, temporary, eml);
      await rename(temporary, path.join(options.dir, fileName));
      return { providerMessageId: messageId };
    },
  };
}
