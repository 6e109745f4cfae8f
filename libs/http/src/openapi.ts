import swagger from '@fastify/swagger';
import { registerApiComponents } from '@lumira/contracts/api-components';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/**
 * How callers prove who they are. Every service declares the same schemes, so the gateway's merged
 * document has one set whatever service an operation comes from.
 */
export const securitySchemes = {
  adminKey: {
    type: 'http',
    scheme: 'bearer',
    description: 'Operators: `Authorization: Bearer <ADMIN_API_KEY>`. Without ADMIN_API_KEY configured, every admin route answers 401.',
  },
  expertToken: {
    type: 'http',
    scheme: 'bearer',
    description: "The Expert App: the expert's credential, shown once when an admin creates the expert (POST /api/admin/experts).",
  },
  customerSession: {
    type: 'http',
    scheme: 'bearer',
    description: 'The customer space: the `sessionToken` from POST /api/access/session, itself opened with the token of a mailed sign-in link.',
  },
  orderToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'One order: the `orderToken` returned by the checkout. It reads that order only, and needs no account.',
  },
} as const;

/** Each service describes its own routes from their zod schemas; the gateway gathers them under /docs. */
export const openapiPlugin = fp(
  async (app: FastifyInstance, options: { service: string }) => {
    registerApiComponents();
    await app.register(swagger, {
      openapi: {
        info: { title: `lumira ${options.service}`, version: '0.1.0' },
        components: { securitySchemes },
      },
      transform: jsonSchemaTransform,
      // Named contracts become components, and the routes refer to them.
      transformObject: jsonSchemaTransformObject,
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'lumira-openapi', fastify: '5.x' },
);
