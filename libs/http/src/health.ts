import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';
import { healthReplySchema, readinessReplySchema, type ReadinessReply } from '@lumira/contracts/http';

export interface CheckResult {
  status: 'up' | 'down' | 'disabled';
  detail?: string;
}
export type ReadinessCheck = () => Promise<CheckResult>;

declare module 'fastify' {
  interface FastifyInstance {
    readiness: { add(name: string, check: ReadinessCheck): void };
  }
}

const CHECK_TIMEOUT_MS = 2000;

async function run(check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'down', detail: 'check timed out' }), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch((err: unknown) => ({ status: 'down' as const, detail: (err as Error).message })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** /health says the process lives; /ready says whether it can do its work, dependency by dependency. */
export const healthPlugin = fp(
  async (app: FastifyInstance, options: { service: string }) => {
    const checks = new Map<string, ReadinessCheck>();
    app.decorate('readiness', { add: (name: string, check: ReadinessCheck) => void checks.set(name, check) });
    app.get('/health', { schema: { hide: true, response: { 200: healthReplySchema } } }, async () => ({ status: 'ok' as const }));
    const readiness = async (): Promise<ReadinessReply> => {
      const entries = await Promise.all([...checks].map(async ([name, check]) => [name, await run(check)] as const));
      return {
        status: entries.every(([, r]) => r.status !== 'down') ? 'ready' : 'not_ready',
        service: options.service,
        checks: Object.fromEntries(entries),
      };
    };
    app.get('/ready', { schema: { hide: true, response: { 200: readinessReplySchema, 503: readinessReplySchema } } }, async (_request, reply) => {
      const body = await readiness();
      return reply.code(body.status === 'ready' ? 200 : 503).send(body);
    });
    // The same answer for Prometheus: an alert sees a process that is up but cannot do its work (bus or store down).
    new Gauge({
      name: 'service_ready',
      help: '1 when every readiness check passes (as GET /ready), 0 otherwise',
      registers: [app.metrics],
      async collect() {
        this.set((await readiness()).status === 'ready' ? 1 : 0);
      },
    });
  },
  { name: 'lumira-health', fastify: '5.x', dependencies: ['lumira-metrics'] },
);
