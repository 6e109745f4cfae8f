import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, productListSchema } from '@lumira/contracts/http';
import type { Catalog } from '../catalog.js';

export const productRoutes: FastifyPluginAsyncZod<{ catalog: Catalog }> = async (app, { catalog }) => {
  app.get(
    '/api/products',
    {
      schema: {
        tags: ['products'],
        operationId: 'listProducts',
        summary: 'List the catalog',
        description: 'The catalog of reading levels',
        response: { 200: productListSchema, 500: errorBodySchema },
      },
    },
    async () => ({
      products: catalog.list().map((p) => ({ ...p, free: p.amount === 0 })),
    }),
  );
};
