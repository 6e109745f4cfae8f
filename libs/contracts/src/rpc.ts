import { z } from 'zod';
import { currencySchema, productSchema } from './catalog.js';
import { localeSchema, orderFactsSchema } from './events.js';
import { orderViewSchema } from './http.js';

/**
 * Request/reply subjects between services. They live under `rpc.` so they never fall into a JetStream
 * stream (a stream would answer the request with its own publish ack).
 */
export const rpcSchemas = {
  'rpc.user.ensure': {
    request: z.object({ email: z.email(), name: z.string().max(200).nullable(), locale: localeSchema }),
    reply: z.object({
      userId: z.string(),
      email: z.email(),
      stripeCustomerId: z.string().nullable(),
      created: z.boolean(),
    }),
  },
  /** Sets the Stripe customer once; a racing second writer gets the first value back. */
  'rpc.user.set-stripe-customer': {
    request: z.object({ userId: z.string(), stripeCustomerId: z.string() }),
    reply: z.object({ stripeCustomerId: z.string() }),
  },
  'rpc.order.create': {
    request: orderFactsSchema.omit({ paymentIntentId: true }).extend({
      product: productSchema,
    }),
    reply: z.object({ order: orderViewSchema, orderToken: z.string(), paymentIntentId: z.string().nullable() }),
  },
  'rpc.order.attach-payment-intent': {
    request: z.object({ orderId: z.string(), paymentIntentId: z.string() }),
    reply: z.object({ ok: z.literal(true) }),
  },
  /** Stripe refused or was unreachable: the order must not stay payable. */
  'rpc.order.abandon': {
    request: z.object({ orderId: z.string(), reason: z.string() }),
    reply: z.object({ ok: z.literal(true) }),
  },
  /** Reads a PaymentIntent back from Stripe and answers the payment fact it implies (null: nothing new). */
  'rpc.payment.sync': {
    request: z.object({ paymentIntentId: z.string() }),
    reply: z.object({
      fact: z
        .discriminatedUnion('type', [
          z.object({ type: z.literal('payment.succeeded'), data: z.object({ paymentIntentId: z.string(), orderId: z.string(), amount: z.number().int(), currency: currencySchema }) }),
          z.object({ type: z.literal('payment.failed'), data: z.object({ paymentIntentId: z.string(), orderId: z.string(), failure: z.object({ code: z.string(), message: z.string() }) }) }),
          z.object({ type: z.literal('payment.canceled'), data: z.object({ paymentIntentId: z.string(), orderId: z.string(), reason: z.string().nullable() }) }),
        ])
        .nullable(),
    }),
  },
} as const;

export type RpcSubject = keyof typeof rpcSchemas;
export type RpcRequest<S extends RpcSubject> = z.infer<(typeof rpcSchemas)[S]['request']>;
export type RpcReply<S extends RpcSubject> = z.infer<(typeof rpcSchemas)[S]['reply']>;

/** How a reply crosses the wire: either the value or an error the caller can map to HTTP. */
export const rpcResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string(), status: z.number().int() }) }),
]);
export type RpcResult = z.infer<typeof rpcResultSchema>;
