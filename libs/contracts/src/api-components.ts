import { z } from 'zod';
import { currencySchema, deliverableKindSchema, deliverablesSchema } from './catalog.js';
import * as crm from './crm.js';
import { localeSchema } from './events.js';
import * as f from './fulfilment.js';
import * as http from './http.js';
import * as notifications from './notifications.js';
import * as ops from './ops.js';

/**
 * The contracts' names in the API description. Registered on zod's global registry (the one the zod type
 * provider reads), so every route that uses one of these schemas points at the one named component by
 * `$ref` instead of repeating it inline. Examples are values the running system accepts as they are.
 */
const components: [z.ZodType, { id: string; description?: string; example?: unknown }][] = [
  [
    http.errorBodySchema,
    {
      id: 'ErrorBody',
      description:
        'The one error body of every service and the gateway. `code` is stable (switch on it); `message` is for people; `requestId` is the `x-request-id` of the reply, to quote to support.',
      example: { error: { code: 'NOT_FOUND', message: 'Order not found', requestId: '4f1c2b7e-8a77-4b0e-9a51-2f0d8c6a9e10' } },
    },
  ],
  [currencySchema, { id: 'Currency', description: 'Lowercase ISO 4217 code', example: 'eur' }],
  [localeSchema, { id: 'Locale', description: "The customer's language, for mails" }],
  [deliverableKindSchema, { id: 'DeliverableKind' }],
  [deliverablesSchema, { id: 'Deliverables', description: 'What a level promises, file by file' }],
  [http.catalogProductSchema, { id: 'Product', description: 'A reading level on sale. `amount` is in minor units (cents); `free` when it is 0.' }],
  [http.productListSchema, { id: 'ProductList' }],
  [
    http.createPaymentIntentBodySchema,
    {
      id: 'CheckoutRequest',
      description: 'What the customer buys and where the confirmation goes.',
      example: { productId: 'intuitive', customerEmail: 'elise.dupont@example.com', customerName: 'Élise Dupont', locale: 'fr' },
    },
  ],
  [
    http.paidCheckoutReplySchema,
    { id: 'PaidCheckout', description: 'Hand `clientSecret` to Stripe.js (`confirmPayment`); keep `orderToken` to read the order.' },
  ],
  [http.freeCheckoutReplySchema, { id: 'FreeCheckout', description: 'A free level: the order is completed at once.' }],
  [http.checkoutReplySchema, { id: 'CheckoutReply' }],
  [http.orderStatusSchema, { id: 'OrderStatus' }],
  [http.orderViewSchema, { id: 'Order', description: 'An order as its customer sees it; amounts in minor units.' }],
  [http.adminOrderSchema, { id: 'AdminOrder', description: 'An order with what operators need: customer, PaymentIntent, refunds, disputes.' }],
  [http.adminOrdersReplySchema, { id: 'AdminOrderList', description: 'A page of orders; pass `nextCursor` as `cursor` for the next page.' }],
  [http.adminRefundReplySchema, { id: 'RefundAccepted' }],
  [http.userViewSchema, { id: 'User' }],
  [http.adminUsersReplySchema, { id: 'UserList' }],
  [http.webhookReplySchema, { id: 'WebhookReceipt' }],
  [f.createExpertBodySchema, { id: 'CreateExpertRequest', example: { email: 'camille.martin@example.com', name: 'Camille Martin' } }],
  [f.expertViewSchema, { id: 'Expert' }],
  [f.createExpertReplySchema, { id: 'CreatedExpert', description: '`token` is the bearer credential of the Expert App, shown this once (stored hashed).' }],
  [f.expertListReplySchema, { id: 'ExpertList' }],
  [f.readingStatusSchema, { id: 'ReadingStatus' }],
  [f.fileViewSchema, { id: 'ReadingFile' }],
  [f.expertReadingViewSchema, { id: 'ExpertReading' }],
  [f.readingListReplySchema, { id: 'ExpertReadingList' }],
  [f.deliveryRefusedBodySchema, { id: 'DeliveryRefused', description: 'The error body, with the kinds of file still missing.' }],
  [f.signInBodySchema, { id: 'SignInRequest', example: { email: 'elise.dupont@example.com', locale: 'fr' } }],
  [f.signInAcceptedReplySchema, { id: 'SignInAccepted' }],
  [f.sessionBodySchema, { id: 'SessionRequest', description: 'The token of the mailed sign-in link (after `#token=`).' }],
  [f.sessionReplySchema, { id: 'Session', description: 'Send `sessionToken` as `Authorization: Bearer …` to the customer space.' }],
  [f.customerReadingViewSchema, { id: 'CustomerReading' }],
  [f.meReplySchema, { id: 'CustomerSpace' }],
  [notifications.notificationViewSchema, { id: 'Notification' }],
  [notifications.notificationListReplySchema, { id: 'NotificationList' }],
  [notifications.notificationRetryReplySchema, { id: 'NotificationRetry' }],
  [ops.deadLetterViewSchema, { id: 'DeadLetter' }],
  [ops.deadLettersReplySchema, { id: 'DeadLetterList' }],
  [ops.deadLetterReplayReplySchema, { id: 'DeadLetterReplay' }],
  [crm.crmStatusReplySchema, { id: 'CrmStatus' }],
  [crm.crmResyncBodySchema, { id: 'CrmResyncRequest' }],
  [crm.crmResyncReplySchema, { id: 'CrmResyncReply' }],
  [crm.crmAuditReplySchema, { id: 'CrmAudit' }],
  [crm.crmRepairBodySchema, { id: 'CrmRepairRequest', example: { orderIds: ['ord_01JDZQ7N0V3R5X8KQW2M4T6Y9B'] } }],
  [crm.crmRepairReplySchema, { id: 'CrmRepairReply' }],
];

const catalogProductShape = http.catalogProductSchema.shape;

/** Field-level facts the schemas cannot say themselves: a `pipe` shows its input side, without the format. */
const fields: [z.ZodType, Record<string, unknown>][] = [
  [http.createPaymentIntentBodySchema.shape.customerEmail, { format: 'email', example: 'elise.dupont@example.com' }],
  [http.createPaymentIntentBodySchema.shape.productId, { description: 'A product id from GET /api/products', example: 'intuitive' }],
  [f.signInBodySchema.shape.email, { format: 'email', example: 'elise.dupont@example.com' }],
  [f.createExpertBodySchema.shape.email, { format: 'email', example: 'camille.martin@example.com' }],
  [http.userViewSchema.shape.email, { format: 'email' }],
  [http.adminOrderSchema.shape.customerEmail, { format: 'email' }],
  [f.meReplySchema.shape.email, { format: 'email' }],
  // Amounts in minor units, ids and names as the catalog has them: swagger-ui's made-up values (the largest
  // safe integer, a random currency) would be copied into requests by whoever tries the API.
  [catalogProductShape.id, { example: 'intuitive' }],
  [catalogProductShape.name, { example: 'Intuitive' }],
  [catalogProductShape.description, { example: 'Profil âme + PDF 4p + audio 5min' }],
  [catalogProductShape.level, { example: 2 }],
  [catalogProductShape.amount, { example: 1400 }],
  [http.paidCheckoutReplySchema.shape.amount, { example: 1400 }],
  [http.paidCheckoutReplySchema.shape.productName, { example: 'Intuitive' }],
  [http.paidCheckoutReplySchema.shape.orderId, { example: 'ord_0mx5elcp3247aa2f36c838921' }],
  [http.paidCheckoutReplySchema.shape.paymentIntentId, { example: 'pi_5oZItqrFDT6DRWUFYLsaQ0nR' }],
  [http.paidCheckoutReplySchema.shape.clientSecret, { example: 'pi_5oZItqrFDT6DRWUFYLsaQ0nR_secret_33d0e298130da7bb3d88bec5' }],
  [http.orderViewSchema.shape.amount, { example: 1400 }],
  [http.orderViewSchema.shape.amountRefunded, { example: 0 }],
  [http.orderViewSchema.shape.productId, { example: 'intuitive' }],
  [http.orderViewSchema.shape.level, { example: 2 }],
  [http.adminRefundReplySchema.shape.amount, { example: 1400 }],
  [f.customerReadingViewSchema.shape.amount, { example: 1400 }],
  [http.orderParamsSchema.shape.id, { description: 'The orderId from the checkout', example: 'ord_0mx5elcp3247aa2f36c838921' }],
  [
    http.idempotencyKeyHeaderSchema.shape['idempotency-key'],
    {
      description: 'Makes a retry answer the first attempt instead of starting another purchase: one fresh key (a UUID) per purchase attempt',
      example: '7d0c4f6e-2b1a-4c39-9a7e-5e8f1d2c3b4a',
    },
  ],
  [
    http.requiredIdempotencyKeySchema.shape['idempotency-key'],
    { description: 'Required: a retried refund (a timeout, a double click) refunds once', example: 'refund-7d0c4f6e-2b1a-4c39' },
  ],
];

/** Idempotent: every service calls it, and in one process they share the registry. */
export function registerApiComponents(): void {
  for (const [schema, meta] of [...components, ...fields]) {
    if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, meta);
  }
}
