import type { OutboxRelay } from '@lumira/bus';
import { errorBodySchema, webhookReplySchema } from '@lumira/contracts/http';
import { paymentSignalTypes, stripeWebhookEventSchema } from '@lumira/contracts/stripe';
import type { Collection } from '@lumira/store';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InvalidSignatureError, WebhookSecretMissingError } from '../errors.js';
import type { PaymentMetrics } from '../metrics.js';
import { STRIPE_API_VERSION, webhookVerifier } from '../stripe-client.js';
import { paymentIntentIdOf, recordWebhookEvent, type WebhookEventDoc } from '../webhook-event.js';

export interface WebhookOptions {
  secret: string | undefined;
  events: Collection<WebhookEventDoc>;
  relay: OutboxRelay;
  metrics: PaymentMetrics;
}

const TOLERANCE_SECONDS = 300;

/**
 * Stripe signs the exact bytes it sent, so this plugin (and only it) keeps JSON bodies as Buffers.
 * The route acknowledges once the event is recorded; the work happens after, over the bus.
 */
export const webhookRoutes: FastifyPluginAsyncZod<WebhookOptions> = async (app, options) => {
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_req, body, done) => done(null, body));

  app.post(
    '/api/webhooks/stripe',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'receiveStripeEvent',
        summary: 'Receive a Stripe event',
        description: 'Stripe webhook endpoint (raw body, Stripe-Signature header)',
        headers: z.object({ 'stripe-signature': z.string().max(2048).optional() }),
        response: { 200: webhookReplySchema, 400: errorBodySchema, 503: errorBodySchema },
      },
    },
    async (request) => {
      if (!options.secret) throw new WebhookSecretMissingError();
      const signature = request.headers['stripe-signature'];
      const raw = request.body;
      let parsed: unknown;
      try {
        if (!signature || !Buffer.isBuffer(raw)) throw new Error('missing signature or body');
        parsed = webhookVerifier.constructEvent(raw, signature, options.secret, TOLERANCE_SECONDS);
      } catch (err) {
        options.metrics.signatureFailures.inc();
        request.log.warn({ reason: (err as Error).message }, 'Webhook signature verification failed');
        throw new InvalidSignatureError();
      }
      const event = stripeWebhookEventSchema.safeParse(parsed);
      const version = event.success ? event.data.api_version : undefined;
      // Only three fields are read, so another version does no harm today; it is counted so an operator sees it.
      if (version && version !== STRIPE_API_VERSION) options.metrics.webhookVersionMismatch.inc({ version: version.slice(0, 40) });
      const type = event.success ? event.data.type : 'malformed';
      const paymentIntentId = event.success ? paymentIntentIdOf(event.data) : null;
      if (!event.success || !(paymentSignalTypes as readonly string[]).includes(type) || !paymentIntentId) {
        options.metrics.webhooks.inc({ type: (paymentSignalTypes as readonly string[]).includes(type) ? type : 'other', outcome: 'ignored' });
        request.log.debug({ type }, 'webhook type not handled: acknowledged');
        return { received: true as const, duplicate: false };
      }
      const doc = await recordWebhookEvent(options.events, event.data, paymentIntentId, String(request.id));
      options.metrics.webhooks.inc({ type, outcome: doc ? 'accepted' : 'duplicate' });
      options.relay.flushInBackground(doc);
      return { received: true as const, duplicate: doc === null };
    },
  );
};
