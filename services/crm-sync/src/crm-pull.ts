import type { Bus } from '@lumira/bus';
import type { Collection } from '@lumira/store';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CrmState } from './crm-state.js';
import { fieldsOf, sameFields, type CustomerLinkDoc } from './customer-link.js';
import type { DolibarrClient } from './dolibarr/dolibarr-client.js';
import type { Thirdparty } from './dolibarr/dolibarr-schemas.js';
import { describeFailure } from './failure.js';
import type { CrmMetrics } from './metrics.js';

export interface CrmPullDeps {
  client: DolibarrClient;
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
 * Brings customer edits made in Dolibarr back to the user service. Dolibarr stamps changes to the second
 * (`t.tms`), so each pass re-reads from the last second seen: what is already known, including the echo of
 * our own writes, equals the link's `written` fields and is skipped. Conflicts: the user service keeps the
 * later modification (Dolibarr's stamp against the time our profile last changed).
 */
export function createCrmPull(deps: CrmPullDeps, options: { pageSize?: number; maxPages?: number } = {}): CrmPull {
  const { client, links, state, bus, metrics, log } = deps;
  const pageSize = options.pageSize ?? 100;
  const maxPages = options.maxPages ?? 50;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function passOn(tp: Thirdparty): Promise<boolean> {
    if (!tp.modifiedAt) return false;
    const link = (await links.findOne({ dolibarrId: tp.id })) ?? (tp.refExt ? await links.findOne({ _id: tp.refExt }) : null);
    if (!link || sameFields(fieldsOf(tp), link.written)) return false;
    const modifiedAt = tp.modifiedAt.toISOString();
    await bus.publish(
      'crm.customer.changed',
      { userId: link._id, dolibarrCustomerId: tp.id, name: tp.name || null, email: validEmail(tp.email), phone: tp.phone, modifiedAt },
      { id: `crm.customer.changed:${tp.id}:${tp.modifiedAt.getTime()}`, correlationId: `crm-pull:${tp.id}` },
    );
    await links.updateOne({ _id: link._id }, { $set: { written: fieldsOf(tp), writtenAt: new Date(), dolibarrId: tp.id } });
    log.info({ userId: link._id, dolibarrCustomerId: tp.id, modifiedAt }, 'customer changed in Dolibarr: passed on');
    return true;
  }

  async function pullOnce(): Promise<number> {
    const { pullCursor } = await state.read();
    // The first pass starts the history: edits from before crm-sync ran are not ours to replay.
    if (pullCursor === undefined) {
      await state.pulled(Date.now());
      return 0;
    }
    let latest = pullCursor;
    let changes = 0;
    for (let page = 0; page < maxPages; page++) {
      const batch = await client.listThirdpartiesModifiedSince(new Date(pullCursor), { limit: pageSize, page });
      for (const tp of batch) {
        if (await passOn(tp)) changes++;
        if (tp.modifiedAt && tp.modifiedAt.getTime() > latest) latest = tp.modifiedAt.getTime();
      }
      if (batch.length < pageSize) break;
    }
    await state.pulled(latest);
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
