import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { IdempotencyRecord, Obj, ScheduledTask, StripeEvent } from './store.js';

export type JournalRecord =
  | { t: 'obj'; v: Obj }
  | { t: 'event'; v: StripeEvent }
  | { t: 'delivered'; id: string }
  | { t: 'key'; id: string; v: IdempotencyRecord | null }
  | { t: 'task'; v: ScheduledTask }
  | { t: 'task_done'; id: string };

/**
 * The emulator's state on disk in local mode: one JSON line per change, appended with write(2) before the
 * response leaves, so a restart (or a kill) keeps every object a client was told about. At open the lines are
 * replayed, last one wins, and the file is rewritten compact.
 */
export class Journal {
  private fd: number;

  private constructor(file: string) {
    this.fd = openSync(file, 'a');
  }

  static open(dir: string, load: (record: JournalRecord) => void, snapshot: () => Iterable<JournalRecord>): Journal {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'stripe-emulator.jsonl');
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          load(JSON.parse(line) as JournalRecord);
        } catch {
          // A line cut short by a crash mid-write: everything before it is intact.
        }
      }
      const tmp = `${file}.tmp`;
      const fd = openSync(tmp, 'w');
      for (const record of snapshot()) writeSync(fd, JSON.stringify(record) + '\n');
      closeSync(fd);
      renameSync(tmp, file);
    }
    return new Journal(file);
  }

  append(record: JournalRecord) {
    if (this.fd < 0) return;
    writeSync(this.fd, JSON.stringify(record) + '\n');
  }

  close() {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }
}
