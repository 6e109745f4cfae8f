import { createRequire } from 'node:module';
import { traceLogFields, tracingEnabled } from '@lumira/telemetry';
import { pino, type Logger, type LoggerOptions } from 'pino';

const require = createRequire(import.meta.url);

export type { Logger };

/**
 * Exact paths only: pino's wildcard redaction is slower on every line. Anything that can authenticate
 * (admin key, Stripe signature, Dolibarr key, cookies) and the customer's address in our own log objects.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'req.headers.dolapikey',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers["stripe-signature"]',
  'config.STRIPE_SECRET_KEY',
  'config.STRIPE_WEBHOOK_SECRET',
  'config.SENDGRID_API_KEY',
  'config.DOLIBARR_API_KEY',
  'config.ADMIN_API_KEY',
  'config.MONGODB_URL',
  'apiKey',
  'secret',
  'password',
  'token',
  'orderToken',
  'email',
  'customerEmail',
];

export interface LoggerSettings {
  name: string;
  level?: string;
  /** Human-readable lines; defaults to "only when stdout is a terminal". */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

/** Human-readable lines by default only on a terminal, and never in production. */
export function prettyByDefault(): boolean {
  return process.stdout.isTTY === true && process.env.NODE_ENV !== 'production';
}

export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name: settings.name,
    level: settings.level ?? 'info',
    redact: { paths: redactPaths, censor: '[redacted]' },
    // The trace id of the flow the line belongs to. Only when tracing runs (start it before making the
    // logger): off, the lines cost nothing more.
    ...(tracingEnabled() ? { mixin: traceLogFields } : {}),
  };
  const pretty = settings.pretty ?? prettyByDefault();
  if (pretty && !settings.destination) {
    // Formatted on the calling thread, not in a transport worker: a terminal's log volume is small, and each
    // transport is a thread of its own with pino-pretty loaded in it (some 20 MB resident apiece). Loaded only
    // here, so a production process never reads pino-pretty at all.
    const prettyStream = require('pino-pretty') as typeof import('pino-pretty');
    return pino(options, prettyStream({ translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true }));
  }
  return settings.destination ? pino(options, settings.destination as pino.DestinationStream) : pino(options);
}
