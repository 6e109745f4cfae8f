import type { FastifyRequest } from 'fastify';
import type { EmulatorState } from './state.js';
import { fromWallClock, startOfDay, wallClock, type DolibarrClocks } from './time-zones.js';

export interface RouteContext {
  state: EmulatorState;
  /** The emulator's clock, in Unix seconds. */
  now(): number;
  zones: DolibarrClocks;
}

/** Every API route lives under this prefix of DOLIBARR_URL. */
export const apiRoot = '/api/index.php';

/** The path below the API root, without the query string (e.g. "/invoices/3/validate"). */
export const pathOf = (request: FastifyRequest): string => request.url.slice(apiRoot.length).split('?')[0] ?? '';

/** What a `tms` column holds for a change made at that instant: the database's wall-clock time. */
export const tmsWallClock = (context: RouteContext, unixSeconds: number): number => wallClock(unixSeconds, context.zones.database);

/** What PHP's jdate() answers for a `tms` stamped at that instant: the database's wall clock read in PHP's zone. */
export const tmsAsRead = (context: RouteContext, unixSeconds: number): number => fromWallClock(tmsWallClock(context, unixSeconds), context.zones.php);

/** A column PHP wrote itself (datec, datef, datep): its wall-clock time in PHP's zone. */
export const phpWallClock = (context: RouteContext, unixSeconds: number): number => wallClock(unixSeconds, context.zones.php);

/** A DATE column (an invoice date): the day in PHP's zone, read back as that day's midnight. */
export const phpDay = (context: RouteContext, unixSeconds: number): number => startOfDay(unixSeconds, context.zones.php);
