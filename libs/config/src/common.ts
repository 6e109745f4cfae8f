import { env } from './variables.js';

/**
 * Tracing, read by the gateway and every service: off (no SDK loaded) unless an OTLP endpoint is given.
 * A collector's API key goes in the standard OTEL_EXPORTER_OTLP_HEADERS, which the exporter reads from
 * the environment itself: it stays out of these specs so the gateway still reads no secret.
 */
export const telemetryConfig = {
  OTEL_EXPORTER_OTLP_ENDPOINT: env.optionalUrl({
    description: 'OTLP/HTTP collector base URL (traces go to <url>/v1/traces); unset = tracing off, no SDK loaded',
  }),
  OTEL_EXPORTER_OTLP_PROTOCOL: env.enum(['http/protobuf', 'http/json'], { description: 'OTLP encoding of exported spans', default: 'http/protobuf' }),
  OTEL_TRACES_SAMPLER_ARG: env.number({
    description: "Share of new traces recorded, 0 to 1; a trace continued from a caller follows the caller's choice",
    default: '1',
    min: 0,
    max: 1,
  }),
};

/** Variables every service process reads: where it listens, what it logs, and which bus and store it uses. */
export const commonConfig = {
  PORT: env.port({ description: 'HTTP port the process listens on', default: '3000' }),
  HOST: env.string({ description: 'Interface to listen on', default: '0.0.0.0' }),
  METRICS_PORT: env.port({
    description:
      'Internal port serving GET /metrics for Prometheus (then not on PORT); never publish it. 0 = /metrics stays on PORT (services only; the gateway has none then)',
    default: '9464',
  }),
  LOG_LEVEL: env.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { description: 'Minimum log level', default: 'info' }),
  NATS_URL: env.optionalUrl({
    description: 'NATS server URL(s) with JetStream; unset = in-process bus (one process only)',
    protocols: ['nats:', 'tls:', 'ws:', 'wss:'],
  }),
  NATS_USER: env.optionalString({
    description: "This service's NATS user (one per service, with its subject permissions: deploy/nats); unset = no authentication",
  }),
  NATS_PASSWORD: env.optionalString({ description: 'Password of NATS_USER', secret: true }),
  NATS_TLS_CA: env.optionalString({ description: "Path of the CA certificate that signed the NATS server's: TLS to NATS (with a tls:// NATS_URL)" }),
  MONGODB_URL: env.optionalUrl({
    description: 'MongoDB connection string; unset = embedded store under DATA_DIR',
    protocols: ['mongodb:', 'mongodb+srv:'],
    secret: true,
  }),
  MONGODB_DB: env.string({ description: 'MongoDB database name', default: 'lumira' }),
  DATA_DIR: env.string({ description: 'Directory of the embedded store and local mail sink', default: './data' }),
  EMBEDDED_STORE_SYNC: env.enum(['NORMAL', 'FULL'], {
    description: 'Embedded store (SQLite, WAL) durability: NORMAL survives a process crash, FULL also a power cut (an fsync per commit)',
    default: 'NORMAL',
  }),
  SHUTDOWN_TIMEOUT_MS: env.int({ description: 'Deadline for a graceful shutdown before the process exits anyway', default: '10000', min: 100, max: 600000 }),
  BUS_ACK_WAIT_MS: env.int({
    description: 'How long a bus message may go unacknowledged before it is delivered again (JetStream ack wait); above every handler budget',
    default: '30000',
    min: 1000,
    max: 600000,
  }),
  ADMIN_API_KEY: env.optionalString({ description: 'Bearer key for /api/admin/*; unset = admin API is off (answers 503 saying so)', secret: true, min: 16 }),
  ...telemetryConfig,
};
