import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** Each service describes its own routes from their zod schemas; the gateway gathers them under /docs. */
export const openapiPlugin = fp(
  async (app: FastifyInstance, options: { service: string }) => {
    await app.register(swagger, {
      openapi: {
        info: { title: `lumira ${options.service}`, version: '0.1.0' },
        components: { securitySchemes: { adminKey: { type: 'http', scheme: 'bearer' } } },
      },
      transform: jsonSchemaTransform,
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'lumira-openapi', fastify: '5.x' },
);
