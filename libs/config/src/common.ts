import { env } from './variables.js';

/** Variables every service process reads: where it listens, what it logs, and which bus and store it uses. */
export const commonConfig = {
  PORT: env.port({ description: 'HTTP port the process listens on', default: '3000' }),
  HOST: env.string({ description: 'Interface to listen on', default: '0.0.0.0' }),
  LOG_LEVEL: env.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { description: 'Minimum log level', default: 'info' }),
  NATS_URL: env.optionalUrl({ description: 'NATS server URL(s) with JetStream; unset = in-process bus (one process only)', protocols: ['nats:', 'tls:', 'ws:', 'wss:'] }),
  MONGODB_URL: env.optionalUrl({ description: 'MongoDB connection string; unset = embedded store under DATA_DIR', protocols: ['mongodb:', 'mongodb+srv:'], secret: true }),
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
  ADMIN_API_KEY: env.optionalString({ description: 'Bearer key for /api/admin/*; unset = admin API answers 401', secret: true, min: 16 }),
};
