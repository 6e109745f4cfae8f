/**
 * Dolibarr keeps dates in two clocks. PHP writes most datetime columns as wall-clock times of its own zone
 * (date.timezone) and reads them back in that zone; the database stamps `tms` itself, in its session zone,
 * and compares sqlfilters literals in that zone too. When the two zones differ, a `tms` read back by PHP is
 * shifted by the difference. Here a "wall-clock" time is held as the seconds a naive reading of it would
 * give in UTC (2025-11-14 10:00 → Date.UTC(2025, 10, 14, 10) / 1000).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Throws a RangeError for a zone name the runtime does not know. */
export function checkTimeZone(zone: string): void {
  formatterFor(zone);
}

/** The wall-clock time of an instant in a zone. */
export function wallClock(unixSeconds: number, zone: string): number {
  const parts = Object.fromEntries(
    formatterFor(zone)
      .formatToParts(new Date(unixSeconds * 1000))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) / 1000;
}

/** The instant a wall-clock time of a zone stands for (the earlier one in a repeated hour). */
export function fromWallClock(naiveSeconds: number, zone: string): number {
  let guess = naiveSeconds;
  for (let i = 0; i < 3; i++) guess = naiveSeconds - (wallClock(guess, zone) - guess);
  return guess;
}

/** Midnight of the instant's day in a zone, as an instant: what a DATE column gives back. */
export function startOfDay(unixSeconds: number, zone: string): number {
  const naive = wallClock(unixSeconds, zone);
  return fromWallClock(naive - (((naive % 86_400) + 86_400) % 86_400), zone);
}

export interface DolibarrClocks {
  /** PHP's zone (date.timezone). */
  php: string;
  /** The database session's zone. */
  database: string;
}
