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

export const paymentFailureSchema = z.object({
  code: z.string(),
  message: z.string(),
});

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
  'payment.refunded': paymentRef.extend({ amountRefunded: z.number().int() }),

  'order.created': orderFactsSchema.extend({ status: z.enum(['pending', 'completed']), createdAt: isoDate }),
  'order.completed': orderFactsSchema.extend({ completedAt: isoDate }),
  'order.failed': orderFactsSchema.extend({ failure: paymentFailureSchema, failedAt: isoDate }),
  'order.canceled': orderFactsSchema.extend({ reason: z.string().nullable(), canceledAt: isoDate }),
  /**
   * One event per Stripe refund: `amountRefunded` is this refund's amount, `totalRefunded` the order's running
   * total, `full` whether the order is now refunded in full. The three refund fields are optional while events
   * published before they existed may still be delivered (then `amountRefunded` is the running total).
   */
  'order.refunded': orderFactsSchema.extend({
    amountRefunded: z.number().int(),
    refundedAt: isoDate,
    refundId: z.string().min(1).optional(),
    totalRefunded: z.number().int().min(0).optional(),
    full: z.boolean().optional(),
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
