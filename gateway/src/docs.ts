import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
// Not the global fetch, which would load Node's own undici next to the proxy's (@lumira/http/undici).
import { get } from '@lumira/http/undici';
import { describeApi, type OpenApiDocument } from './api-description.js';
import { behindTls, originOf } from './behind-tls.js';

export interface DocsOptions {
  upstreams: Record<string, string>;
  shopName: string;
  /** The public https address the gateway is reached at, when there is one (listed first in `servers`). */
  publicUrl: string | undefined;
  /** Where a document with no request to go by (a generated client) says the gateway is. */
  defaultServer: string;
}

/** Fetches each service's /openapi.json; a service that is down keeps the last document it gave. */
function documentGatherer(upstreams: Record<string, string>) {
  const last = new Map<string, OpenApiDocument>();
  return async (): Promise<OpenApiDocument> => {
    await Promise.all(
      Object.entries(upstreams).map(async ([name, base]) => {
        try {
          const res = await get(new URL('/openapi.json', base), 2000);
          if (res.statusCode >= 200 && res.statusCode < 300) last.set(name, (await res.body.json()) as OpenApiDocument);
          else await res.body.dump();
        } catch {
          // Down: its paths stay as they were (or absent) until it is back.
        }
      }),
    );
    const merged: OpenApiDocument = { openapi: '3.0.3', info: {}, paths: {}, components: { schemas: {}, securitySchemes: {} } };
    for (const doc of last.values()) {
      Object.assign(merged.paths, doc.paths);
      Object.assign(merged.components.schemas, doc.components?.schemas);
      Object.assign(merged.components.securitySchemes, doc.components?.securitySchemes);
    }
    return merged;
  };
}

/** swagger-ui's own policy, with the upgrade to https only for a page that was itself served over TLS. */
function docsCsp(app: FastifyInstance, tls: boolean): string {
  const { script, style } = app.swaggerCSP;
  const policy = `default-src 'self'; base-uri 'self'; font-src 'self' https: data:; frame-ancestors 'self'; img-src 'self' data:; object-src 'none'; script-src 'self' ${script.join(' ')}; script-src-attr 'none'; style-src 'self' https: ${style.join(' ')}`;
  return tls ? `${policy}; upgrade-insecure-requests` : policy;
}

/**
 * The whole API in one document, at /openapi.json and in swagger-ui at /docs. Its `servers` name the
 * address the reader used, so "Try it out" calls this very gateway.
 */
export const docsPlugin = fp(
  async (app: FastifyInstance, options: DocsOptions) => {
    const gather = documentGatherer(options.upstreams);
    const servers = (request: FastifyRequest | undefined) => {
      const list: { url: string; description: string }[] = [];
      if (options.publicUrl) list.push({ url: options.publicUrl.replace(/\/$/, ''), description: 'The public address' });
      const origin = request ? originOf(request, options.publicUrl) : undefined;
      if (origin && !list.some((s) => s.url === origin)) list.push({ url: origin, description: 'This gateway, as you reached it' });
      if (list.length === 0) list.push({ url: options.defaultServer, description: 'The gateway started locally (npm start)' });
      return list;
    };
    const describe = async (request?: FastifyRequest) => describeApi(await gather(), { shopName: options.shopName, servers: servers(request) });

    await app.register(swagger, { openapi: { info: { title: `${options.shopName} API`, version: '0.1.0' } } });
    app.get('/openapi.json', { schema: { hide: true } }, async (request) => await describe(request));
    // Each request's own document: its servers name the address that request came to.
    const described = new WeakMap<FastifyRequest, OpenApiDocument>();
    await app.register(async (docs) => {
      docs.addHook('onSend', async (request, reply) => {
        reply.header('content-security-policy', docsCsp(docs, behindTls(request, options.publicUrl)));
      });
      await docs.register(swaggerUi, {
        routePrefix: '/docs',
        staticCSP: false,
        theme: { title: `${options.shopName} — API` },
        uiConfig: { tryItOutEnabled: true, displayOperationId: true },
        uiHooks: {
          onRequest: (request, _reply, done) => {
            if (!request.url.startsWith('/docs/json') && !request.url.startsWith('/docs/yaml')) return done();
            describe(request).then(
              (document) => {
                described.set(request, document);
                done();
              },
              () => done(),
            );
          },
        },
        transformSpecification: (_spec, request) => (described.get(request) ?? {}) as Record<string, unknown>,
      });
    });
  },
  { name: 'lumira-docs', fastify: '5.x' },
);
