import type { Bus } from '@lumira/bus';
import type { Collection } from '@lumira/store';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CrmClock } from './crm-clock.js';
import type { CrmState } from './crm-state.js';
import { fieldsOf, sameFields, type CustomerLinkDoc } from './customer-link.js';
import type { DolibarrClient } from './dolibarr/dolibarr-client.js';
import { editedAt, instantOf, tmsOf, wallClockOf, type DolibarrClock } from './dolibarr/dolibarr-clock.js';
import type { Thirdparty } from './dolibarr/dolibarr-schemas.js';
import { describeFailure } from './failure.js';
import type { CrmMetrics } from './metrics.js';

export interface CrmPullDeps {
  client: DolibarrClient;
  clock: CrmClock;
  links: Collection<CustomerLinkDoc>;
  state: CrmState;
  bus: Bus;
  metrics: CrmMetrics;
  log: Logger;
}

export interface CrmPull {
  /** One pass; answers how many customer changes it passed on. */
  pullOnce(): Promise<number>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

const validEmail = (email: string | null) => (email && z.email().safeParse(email).success ? email : null);

/**
 * Brings customer edits made in Dolibarr back to the user service. Dolibarr stamps changes to the second in
 * its database's clock (`t.tms`), so the cursor is a wall-clock time of that clock and each pass re-reads
 * from the last second seen: what is already known, including the echo of our own writes, equals the link's
 * `written` fields once both are cleaned as Dolibarr cleans them, and is skipped. Conflicts: the user service
 * keeps the later modification, so an edit carries the instant it really happened (its tms read in the
 * database's zone, whatever PHP's zone is).
 */
export function createCrmPull(deps: CrmPullDeps, options: { pageSize?: number; maxPages?: number } = {}): CrmPull {
  const { client, links, state, bus, metrics, log } = deps;
  const pageSize = options.pageSize ?? 100;
  const maxPages = options.maxPages ?? 50;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function passOn(tp: Thirdparty, clock: DolibarrClock): Promise<boolean> {
    if (!tp.modifiedAt) return false;
    const link = (await links.findOne({ dolibarrId: tp.id })) ?? (tp.refExt ? await links.findOne({ _id: tp.refExt }) : null);
    if (!link || sameFields(fieldsOf(tp), link.written)) return false;
    const at = editedAt(clock, tp.modifiedAt);
    const modifiedAt = at.toISOString();
    await bus.publish(
      'crm.customer.changed',
      { userId: link._id, dolibarrCustomerId: tp.id, name: tp.name || null, email: validEmail(tp.email), phone: tp.phone, modifiedAt },
      { id: `crm.customer.changed:${tp.id}:${at.getTime()}`, correlationId: `crm-pull:${tp.id}` },
    );
    await links.updateOne({ _id: link._id }, { $set: { written: fieldsOf(tp), writtenAt: new Date(), dolibarrId: tp.id } });
    log.info({ userId: link._id, dolibarrCustomerId: tp.id, modifiedAt }, 'customer changed in Dolibarr: passed on');
    return true;
  }

  async function pullOnce(): Promise<number> {
    const clock = await deps.clock.current();
    // No thirdparty yet to read Dolibarr's clock from: then there is nothing to pull either.
    if (!clock) return 0;
    const { pullCursor, pullCursorTms } = await state.read();
    const cursor = pullCursorTms ?? (pullCursor === undefined ? undefined : wallClockOf(pullCursor, clock.database));
    // The first pass starts the history: edits from before crm-sync ran are not ours to replay.
    if (cursor === undefined) {
      const now = Date.now();
      await state.pulled({ at: now, tms: wallClockOf(now, clock.database) });
      return 0;
    }
    let latest = cursor;
    let changes = 0;
    for (let page = 0; page < maxPages; page++) {
      const batch = await client.listThirdpartiesModifiedSince(cursor, { limit: pageSize, page });
      for (const tp of batch) {
        if (await passOn(tp, clock)) changes++;
        const tms = tp.modifiedAt ? tmsOf(clock, tp.modifiedAt) : latest;
        if (tms > latest) latest = tms;
      }
      if (batch.length < pageSize) break;
    }
    await state.pulled({ at: instantOf(latest, clock.database), tms: latest });
    await state.clearErrorOf(null);
    metrics.pulls.inc({ outcome: 'ok' });
    metrics.pulledChanges.inc(changes);
    return changes;
  }

  async function guardedPass(): Promise<void> {
    try {
      await pullOnce();
    } catch (err) {
      const { reason, message } = describeFailure(err);
      metrics.pulls.inc({ outcome: 'error' });
      await state.failed(`pull: ${message}`, null).catch(() => undefined);
      log.warn({ reason, err: message }, 'pull from Dolibarr failed: next pass retries');
    }
  }

  return {
    pullOnce,
    start(intervalMs) {
      const tick = () => {
        running ??= guardedPass().finally(() => (running = undefined));
      };
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
