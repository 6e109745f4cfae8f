/**
 * Dolibarr's two clocks. The database stamps `tms` and compares sqlfilters dates in its session zone; PHP
 * reads `tms` back (date_modification) in its own zone. A pull cursor must be a wall-clock time of the
 * database, written 'YYYYMMDDHHMMSS' (the colon-free form every version parses); the instant of an edit is
 * that wall-clock time read in the database's zone. A zone is an IANA name (from DOLIBARR_TIMEZONE) or a
 * fixed offset learned from the server.
 */

export type ZoneSpec = { zone: string } | { offsetMinutes: number };

export interface DolibarrClock {
  database: ZoneSpec;
  php: ZoneSpec;
  source: 'config' | 'learned';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(zone: string, ms: number): number[] {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  const byType = Object.fromEntries(formatter.formatToParts(new Date(ms)).map((p) => [p.type, Number(p.value)]));
  return [byType.year, byType.month, byType.day, byType.hour, byType.minute, byType.second].map(Number);
}

/** Throws a RangeError for a zone name the runtime does not know. */
export function checkZone(zone: string): void {
  partsIn(zone, 0);
}

/** Minutes east of UTC at that instant. */
export function offsetMinutes(spec: ZoneSpec, ms: number): number {
  if ('offsetMinutes' in spec) return spec.offsetMinutes;
  const [y, mo, d, h, mi, s] = partsIn(spec.zone, ms) as [number, number, number, number, number, number];
  return Math.round((Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000) / 60_000);
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** A wall-clock time held as the milliseconds a naive UTC reading gives, written 'YYYYMMDDHHMMSS'. */
export function formatWallClock(naiveMs: number): string {
  const d = new Date(Math.floor(naiveMs / 1000) * 1000);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

export function parseWallClock(wall: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(wall);
  if (!m) throw new RangeError(`not a YYYYMMDDHHMMSS wall-clock time: ${wall}`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** The wall-clock time of an instant in a zone. */
export function wallClockOf(ms: number, spec: ZoneSpec): string {
  return formatWallClock(ms + offsetMinutes(spec, ms) * 60_000);
}

/** The instant a wall-clock time of a zone stands for (the earlier one in a repeated hour). */
export function instantOf(wall: string, spec: ZoneSpec): number {
  const naive = parseWallClock(wall);
  let guess = naive;
  for (let i = 0; i < 3; i++) guess = naive - offsetMinutes(spec, guess) * 60_000;
  return guess;
}

/** The database's wall-clock time behind a date_modification PHP answered (PHP read it in its zone). */
export function tmsOf(clock: DolibarrClock, dateModification: Date): string {
  return wallClockOf(dateModification.getTime(), clock.php);
}

/** When an edit really happened: its `tms` read in the database's zone. */
export function editedAt(clock: DolibarrClock, dateModification: Date): Date {
  return new Date(instantOf(tmsOf(clock, dateModification), clock.database));
}

/** Offsets are whole quarters of an hour: rounds a measured difference (with clock skew) to one. */
export function nearestQuarterHour(minutes: number): number {
  return Math.round(minutes / 15) * 15;
}
