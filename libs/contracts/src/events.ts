import { z } from 'zod';
import { currencySchema } from './catalog.js';

export const localeSchema = z.enum(['fr', 'en']);
export type Locale = z.infer<typeof localeSchema>;

const isoDate = z.iso.datetime();

/** What every order.* event carries, so consumers (notification, crm-sync, user) never call back for details. */
export const orderFactsSchema = z.object({
  orderId: z.string().min(1),
  userId: z.string().min(1),
  customerEmail: z.email(),
  customerName: z.string().nullable(),
  locale: localeSchema,
  productId: z.string().min(1),
  level: z.number().int(),
  productName: z.string(),
  amount: z.number().int().min(0),
  currency: currencySchema,
  free: z.boolean(),
  paymentIntentId: z.string().nullable(),
});
export type OrderFacts = z.infer<typeof orderFactsSchema>;

const paymentRef = z.object({ paymentIntentId: z.string().min(1), orderId: z.string().min(1) });

/**
 * Why a payment failed, as Stripe says it: `code` is Stripe's error code (`card_declined`,
 * `payment_intent_authentication_failure`, …) and `declineCode` the issuer's reason when there is one
 * (`generic_decline`, `insufficient_funds`, …). Absent in events written before it existed.
 */
export const paymentFailureSchema = z.object({
  code: z.string(),
  declineCode: z.string().nullish(),
  message: z.string(),
});

/** A refund's state at Stripe: pending and succeeded count as money sent back; failed and canceled do not. */
export const refundStatusSchema = z.enum(['pending', 'succeeded', 'failed', 'canceled']);
export const stripeRefundSchema = z.object({
  id: z.string().min(1),
  amount: z.number().int().positive(),
  currency: currencySchema,
  status: refundStatusSchema,
  failureReason: z.string().nullable(),
});

/**
 * Stripe's dispute status: `warning_needs_response`, `warning_under_review`, `warning_closed` (inquiries, no
 * money taken), `needs_response`, `under_review`, `won`, `lost`, and newer ones Stripe may add (`prevented`).
 */
export const disputeStatusSchema = z.string().min(1).max(60);
export const stripeDisputeSchema = z.object({
  id: z.string().min(1),
  amount: z.number().int().positive(),
  currency: currencySchema,
  status: disputeStatusSchema,
  reason: z.string(),
});

/** What the payment of a refunded or disputed order was, so an order whose success signal is late can complete first. */
const paidAmount = z.object({ amount: z.number().int(), currency: currencySchema });

/** The order's access after a change: suspended while a dispute is open, revoked once the money went back. */
export const accessStatusSchema = z.enum(['active', 'suspended', 'revoked']);

export const userFactsSchema = z.object({
  userId: z.string().min(1),
  email: z.email(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  locale: localeSchema,
});

/**
 * Every NATS subject and the shape of its envelope's `data`. A subject's stream is its first segment
 * (`payment.>`, `order.>`, `user.>`, `fulfilment.>`, `crm.>`), which is how the JetStream transport lays streams out.
 */
export const eventSchemas = {
  /** A verified Stripe webhook, recorded durably: only a signal, the payment service reads the object back. */
  'payment.signal': z.object({
    stripeEventId: z.string().min(1),
    stripeEventType: z.string().min(1),
    paymentIntentId: z.string().min(1),
  }),
  'payment.succeeded': paymentRef.extend({ amount: z.number().int(), currency: currencySchema }),
  'payment.failed': paymentRef.extend({ failure: paymentFailureSchema }),
  'payment.canceled': paymentRef.extend({ reason: z.string().nullable() }),
  /** One refund of the payment as Stripe has it now; repeated for each change of its status. */
  'payment.refund_updated': paymentRef.extend({ payment: paidAmount, refund: stripeRefundSchema }),
  /** One dispute (chargeback or inquiry) of the payment as Stripe has it now. */
  'payment.dispute_updated': paymentRef.extend({ payment: paidAmount, dispute: stripeDisputeSchema }),

  'order.created': orderFactsSchema.extend({ status: z.enum(['pending', 'completed']), createdAt: isoDate }),
  'order.completed': orderFactsSchema.extend({ completedAt: isoDate }),
  'order.failed': orderFactsSchema.extend({ failure: paymentFailureSchema, failedAt: isoDate }),
  'order.canceled': orderFactsSchema.extend({ reason: z.string().nullable(), canceledAt: isoDate }),
  /**
   * One per refund (event id `order.refunded:<refundId>`): `refundId` is Stripe's refund id, `amountRefunded`
   * this refund's amount, `totalRefunded` the order's refunds after it, `full` whether the whole payment is now
   * refunded. The order service always sends them; they stay optional in the schema because an event of the
   * version before (one refund per order, no id, `amountRefunded` the running total) may still sit in a stream
   * at an upgrade, and consumers read it as one whole refund.
   */
  'order.refunded': orderFactsSchema.extend({
    refundId: z.string().min(1).optional(),
    amountRefunded: z.number().int().positive(),
    totalRefunded: z.number().int().min(0).optional(),
    full: z.boolean().optional(),
    accessStatus: accessStatusSchema.optional(),
    refundedAt: isoDate,
  }),
  /** A refund announced by `order.refunded` failed at the bank: the money did not go back (`order.refund_failed:<refundId>`). */
  'order.refund_failed': orderFactsSchema.extend({
    refundId: z.string().min(1),
    /** The failed refund's amount (`amount` stays the order's). */
    amountFailed: z.number().int().positive(),
    totalRefunded: z.number().int().min(0),
    reason: z.string().nullable(),
    accessStatus: accessStatusSchema,
    failedAt: isoDate,
  }),
  /** A chargeback or inquiry opened on the payment; access is suspended (`order.disputed:<disputeId>`). */
  'order.disputed': orderFactsSchema.extend({
    disputeId: z.string().min(1),
    amountDisputed: z.number().int().positive(),
    reason: z.string(),
    status: disputeStatusSchema,
    accessStatus: accessStatusSchema,
    disputedAt: isoDate,
  }),
  /**
   * The dispute is over (`order.dispute_closed:<disputeId>`). `lost`: the bank gave `amountDisputed` back to
   * the customer (treated as refunded: access revoked once all was returned); `won` (or an inquiry closed):
   * access is given back.
   */
  'order.dispute_closed': orderFactsSchema.extend({
    disputeId: z.string().min(1),
    amountDisputed: z.number().int().positive(),
    outcome: z.enum(['won', 'lost']),
    status: disputeStatusSchema,
    accessStatus: accessStatusSchema,
    closedAt: isoDate,
  }),

  'user.created': userFactsSchema.extend({ createdAt: isoDate }),
  /** `source: "crm"` marks changes that came from Dolibarr, so crm-sync does not echo them back. */
  'user.updated': userFactsSchema.extend({
    changed: z.array(z.enum(['email', 'name', 'phone', 'locale'])),
    source: z.enum(['api', 'crm']),
    updatedAt: isoDate,
  }),

  /** A reading is ready in its customer's space; the notification service mails "your reading is ready". */
  'fulfilment.reading.delivered': z.object({
    readingId: z.string().min(1),
    orderId: z.string().min(1),
    customerEmail: z.email(),
    customerName: z.string().nullable(),
    locale: localeSchema,
    productId: z.string().min(1),
    productName: z.string(),
    level: z.number().int(),
    deliveredAt: isoDate,
  }),
  /**
   * A customer asked for a sign-in link. The one-time token travels to the mail and nowhere else: the
   * fulfilment service keeps only its hash, and it expires at `expiresAt` whether used or not.
   */
  'fulfilment.sign-in.requested': z.object({
    signInId: z.string().min(1),
    customerEmail: z.email(),
    customerName: z.string().nullable(),
    locale: localeSchema,
    token: z.string().min(20),
    expiresAt: isoDate,
  }),

  'crm.customer.linked': z.object({ userId: z.string().min(1), dolibarrCustomerId: z.number().int().positive() }),
  /** A thirdparty edited in Dolibarr; applied by the user service if newer than what it holds. */
  'crm.customer.changed': z.object({
    userId: z.string().min(1),
    dolibarrCustomerId: z.number().int().positive(),
    name: z.string().nullable(),
    email: z.email().nullable(),
    phone: z.string().nullable(),
    modifiedAt: isoDate,
  }),
} as const;

export type EventType = keyof typeof eventSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventSchemas, type);
}

export function parseEventData<T extends EventType>(type: T, data: unknown): EventData<T> {
  return eventSchemas[type].parse(data) as EventData<T>;
}

/** Where a message goes once it can no longer be handled; kept in its own stream for inspection. */
export const deadLetterSubject = (subject: string): string => `deadletter.${subject}`;

/**
 * A message one consumer group could not handle, as the bus keeps it (the DEADLETTER stream on NATS, the
 * store in single-process mode). `durable` is the group it failed for (`outbox:<service>` for an outbox
 * entry that could not even be published); `payload` is the message as it travelled.
 */
export const deadLetterSchema = z.object({
  subject: z.string(),
  durable: z.string(),
  deliveries: z.number().int(),
  reason: z.string(),
  payload: z.string(),
  deadAt: z.iso.datetime().optional(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;
