import { z } from 'zod';
import { productSchema } from './catalog.js';
import { eventSchemas, localeSchema, orderFactsSchema } from './events.js';
import { orderViewSchema } from './http.js';
import { deadLetterParamsSchema, deadLetterViewSchema } from './ops.js';

/** A payment fact, as the payment service publishes it (`payment.*` events) and answers it to a sync. */
export const paymentFactSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('payment.succeeded'), data: eventSchemas['payment.succeeded'] }),
  z.object({ type: z.literal('payment.failed'), data: eventSchemas['payment.failed'] }),
  z.object({ type: z.literal('payment.canceled'), data: eventSchemas['payment.canceled'] }),
  z.object({ type: z.literal('payment.refund_updated'), data: eventSchemas['payment.refund_updated'] }),
  z.object({ type: z.literal('payment.dispute_updated'), data: eventSchemas['payment.dispute_updated'] }),
]);
export type PaymentFact = z.infer<typeof paymentFactSchema>;

/**
 * Sends a dead letter again. Only the service that owns the letter's subject may publish it on NATS, so the
 * admin API's host (order) asks that service to do it: one subject per owner, rpc.<owner>.replay-dead-letter.
 */
const replayDeadLetter = {
  request: deadLetterParamsSchema,
  reply: z.object({ deadLetter: deadLetterViewSchema }),
};

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
  /**
   * Sets the Stripe customer once; a racing second writer gets the first value back. With `replaces`, swaps
   * a customer Stripe no longer has for a new one, only if the user still holds the old one.
   */
  'rpc.user.set-stripe-customer': {
    request: z.object({ userId: z.string(), stripeCustomerId: z.string(), replaces: z.string().optional() }),
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
  /**
   * Reads a PaymentIntent back from Stripe and answers the payment facts it implies (also published), with the
   * intent's status and next action for a customer waiting on it. `full` reads its refunds and disputes too;
   * `foreign`: Stripe does not have it, or it is not one of this shop's orders.
   */
  'rpc.payment.sync': {
    request: z.object({ paymentIntentId: z.string(), full: z.boolean().optional() }),
    reply: z.object({
      facts: z.array(paymentFactSchema),
      intent: z.object({ status: z.string(), nextAction: z.object({ type: z.string(), redirectUrl: z.string().nullable() }).nullable() }).nullable(),
      foreign: z.boolean(),
    }),
  },
  /** Asks Stripe for a refund; the order changes only when the refund is reported back (webhook or sync). */
  'rpc.payment.refund': {
    request: z.object({
      orderId: z.string(),
      paymentIntentId: z.string(),
      amount: z.number().int().positive().optional(),
      reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
      idempotencyKey: z.string().min(1).max(200),
    }),
    reply: z.object({ refundId: z.string(), amount: z.number().int(), status: z.string() }),
  },
  'rpc.payment.replay-dead-letter': replayDeadLetter,
  'rpc.order.replay-dead-letter': replayDeadLetter,
  'rpc.user.replay-dead-letter': replayDeadLetter,
  'rpc.crm-sync.replay-dead-letter': replayDeadLetter,
  'rpc.fulfilment.replay-dead-letter': replayDeadLetter,
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
