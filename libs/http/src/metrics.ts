import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus registry: services register their domain counters here. */
    metrics: Registry;
    /** Further registries served at /metrics with this one (the bus's). */
    metricsRegistries: Registry[];
    /**
     * Whether GET /metrics answers on the app's own port. True for tests and the one-process launcher (loopback
     * only); a container process turns it off and serves metrics on its internal listener (metrics-listener.ts).
     */
    metricsOnAppPort: boolean;
  }
}

/** Every registry of an app in the text format, as one scrape. */
export async function metricsText(app: FastifyInstance): Promise<string> {
  return (await Promise.all(app.metricsRegistries.map(async (r) => await r.metrics()))).join('\n');
}

/**
 * Request counts and durations by route and status, plus the process metrics, at GET /metrics. With
 * `appPort: false` (the gateway) the route does not exist on the app's port at all.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, options: { service: string; appPort?: boolean }) => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: options.service });
    collectDefaultMetrics({ register: registry });
    const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    // The autoscaling signal of the I/O-bound processes (deploy/k8s): a request waiting on Stripe or MongoDB
    // costs little CPU but still holds the pod.
    const inFlight = new Gauge({ name: 'http_requests_in_flight', help: 'HTTP requests received and not yet answered', registers: [registry] });
    app.decorate('metrics', registry);
    app.decorate('metricsRegistries', [registry]);
    app.decorate('metricsOnAppPort', options.appPort ?? true);
    app.addHook('onRequest', async (_request, reply) => {
      inFlight.inc();
      // 'close' comes once, whether the answer was sent or the client went away first.
      reply.raw.once('close', () => inFlight.dec());
    });
    app.addHook('onResponse', async (request, reply) => {
      // Unmatched URLs share one label so a scanner cannot blow up the series count.
      const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
    });
    if (options.appPort === false) return;
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      // Turned off once the internal listener serves them: then the same 404 as any unknown route.
      if (!app.metricsOnAppPort) return reply.callNotFound();
      reply.type(registry.contentType);
      return await metricsText(app);
    });
  },
  { name: 'lumira-metrics', fastify: '5.x' },
);
