import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { checkoutReplySchema, createPaymentIntentBodySchema, errorBodySchema, idempotencyKeyHeaderSchema } from '@lumira/contracts/http';
import { checkout, type CheckoutDeps } from '../checkout.js';
import { FreeOrderLimitError } from '../errors.js';

/** Answered at both paths: the frontend uses /api/payments, the seed's diagnostic script /api/products. */
export const checkoutRoutes: FastifyPluginAsyncZod<{ deps: CheckoutDeps }> = async (app, { deps }) => {
  for (const url of ['/api/payments/create-payment-intent', '/api/products/create-payment-intent']) {
    app.post(
      url,
      {
        schema: {
          tags: ['payments'],
          operationId: 'checkout',
          summary: 'Start a purchase',
          description: 'Start a purchase: a free order is completed at once, a paid one gets a PaymentIntent',
          hide: url.startsWith('/api/products'),
          body: createPaymentIntentBodySchema,
          headers: idempotencyKeyHeaderSchema,
          response: { 200: checkoutReplySchema, 400: errorBodySchema, 422: errorBodySchema, 429: errorBodySchema, 502: errorBodySchema, 503: errorBodySchema },
        },
      },
      async (request, reply) => {
        try {
          return await checkout(deps, {
            body: request.body,
            idempotencyKey: request.headers['idempotency-key'],
            ip: request.ip,
            correlationId: String(request.id),
            log: request.log,
          });
        } catch (err) {
          if (err instanceof FreeOrderLimitError) reply.header('retry-after', err.retryAfterSeconds);
          throw err;
        }
      },
    );
  }
};
