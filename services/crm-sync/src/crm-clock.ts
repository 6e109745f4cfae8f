import type { Logger } from 'pino';
import type { CrmState, LearnedClock } from './crm-state.js';
import type { DolibarrClient } from './dolibarr/dolibarr-client.js';
import { formatWallClock, nearestQuarterHour, type DolibarrClock } from './dolibarr/dolibarr-clock.js';

/** Offsets change twice a year (summer time): learn again this often. */
const relearnMs = 6 * 3600_000;
/** A write of ours is a usable sample for this long (after that an edit may have moved its tms). */
const sampleFreshMs = 3600_000;
/** Zones run from UTC-12 to UTC+14: the database's tms lies within this of PHP's reading of it. */
const widestGapMs = 27 * 3600_000;

/**
 * Reads a thirdparty's `tms` as the database holds it (a wall-clock time of its zone) by asking whether it
 * is at or after a given time, halving the interval down to the second: about 18 small requests.
 */
async function readTms(client: DolibarrClient, id: number, modifiedAt: Date): Promise<number> {
  let low = Math.floor(modifiedAt.getTime() / 1000) * 1000 - widestGapMs;
  let high = low + 2 * widestGapMs;
  if (!(await client.isModifiedAtOrAfter(id, formatWallClock(low)))) throw new Error(`thirdparty ${id} does not answer the clock probe`);
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2000) * 1000;
    if (await client.isModifiedAtOrAfter(id, formatWallClock(middle))) low = middle;
    else high = middle;
  }
  return low;
}

/**
 * Dolibarr's clocks: from DOLIBARR_TIMEZONE when set (an IANA name for both PHP and the database), else
 * learned from the server. One thirdparty's tms read as the database holds it, against the date_modification
 * PHP answers for it, gives PHP's offset; a write of ours timed on our clock gives the database's. Without such
 * a write the database is taken to run in PHP's zone, as it does on most installations.
 */
export function crmClock(deps: { client: DolibarrClient; state: CrmState; log: Logger }, configuredZone: string | undefined) {
  const { client, state, log } = deps;

  async function learn(): Promise<LearnedClock | null> {
    const { clockSample } = await state.read();
    const fresh = clockSample && Date.now() - new Date(clockSample.to).getTime() < sampleFreshMs ? clockSample : undefined;
    const sample = fresh ? await client.getThirdparty(fresh.thirdpartyId) : await client.latestModifiedThirdparty();
    if (!sample?.modifiedAt) return null;
    const tms = await readTms(client, sample.id, sample.modifiedAt);
    const php = nearestQuarterHour((tms - sample.modifiedAt.getTime()) / 60_000);
    const timed = fresh && Math.abs(fresh.modifiedAt.getTime() - sample.modifiedAt.getTime()) < 1000 ? fresh : undefined;
    const database = timed ? nearestQuarterHour((tms - (timed.from + timed.to) / 2) / 60_000) : php;
    const clock: DolibarrClock = { database: { offsetMinutes: database }, php: { offsetMinutes: php }, source: 'learned' };
    const learned: LearnedClock = { clock, databaseFrom: timed ? 'write' : 'assumed', learnedAt: new Date() };
    await state.learnedClock(learned);
    log.info({ phpOffsetMinutes: php, databaseOffsetMinutes: database, databaseFrom: learned.databaseFrom }, "learned Dolibarr's clock");
    return learned;
  }

  return {
    /** Dolibarr's clock, or null while there is no thirdparty to learn it from (and so nothing to pull). */
    async current(): Promise<DolibarrClock | null> {
      if (configuredZone) return { database: { zone: configuredZone }, php: { zone: configuredZone }, source: 'config' };
      const { clock, clockSample } = await state.read();
      const stale = !clock || Date.now() - new Date(clock.learnedAt).getTime() > relearnMs;
      const betterSample = clock?.databaseFrom === 'assumed' && clockSample && new Date(clockSample.to) > new Date(clock.learnedAt);
      if (!stale && !betterSample) return clock.clock;
      return (await learn())?.clock ?? clock?.clock ?? null;
    },
  };
}
export type CrmClock = ReturnType<typeof crmClock>;
