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
      await mkdir(options.dir, { recursive: true });
      const temporary = path.join(options.dir, `.${fileName}.tmp`);
      await writeFile(temporary, eml, 'utf8');
      await rename(temporary, path.join(options.dir, fileName));
      return { providerMessageId: messageId };
    },
  };
}
