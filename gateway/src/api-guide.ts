/** The words at the top of the API description: what a frontend developer must know before the first call. */
export function apiGuide(shopName: string): string {
  return `The public API of ${shopName}: the catalog, the checkout, orders, the customer space, the Expert App and the operators' routes.
Everything goes through this gateway; the typed client \`@lumira/client\` is generated from this document.

## Amounts and currencies
Amounts are integers in minor units (\`1400\` is 14.00 EUR); currencies are lowercase ISO 4217 codes (\`eur\`).

## Errors
Every error, from any service or from the gateway itself, has one shape (\`ErrorBody\`):
\`{ "error": { "code": "NOT_FOUND", "message": "Order not found", "requestId": "…" } }\`.
Switch on \`code\`; show \`message\`; quote \`requestId\` (also the \`x-request-id\` header) to support.
A 5xx never carries internals.

## Idempotency-Key
\`POST /api/payments/create-payment-intent\` accepts an \`Idempotency-Key\` header (printable ASCII, up to 255 characters):
a retry with the same key (a timeout, a double click) answers the first order again instead of making a second one.
Use a fresh key (a UUID) per purchase attempt. The refund route requires one: a retried refund never refunds twice.

## Order tokens
The checkout answers an \`orderToken\` with the \`orderId\`. It is the credential for that one order:
\`GET /api/orders/{id}\` with \`Authorization: Bearer <orderToken>\`. Keep it with the customer's session (it needs no account);
a wrong token and a missing order both answer 404, so an order's existence does not leak.

## Sessions and keys
- Customer space: \`POST /api/access/login\` mails a one-time link; \`POST /api/access/session\` exchanges its token for a
  \`sessionToken\`, sent as \`Authorization: Bearer …\`.
- Expert App: the expert's bearer credential, issued by an operator.
- Operators: \`Authorization: Bearer <ADMIN_API_KEY>\`; with no key configured the admin routes are closed (401).

## Rate limits
Public routes are limited per client address (\`RATE_LIMIT_MAX\` requests per \`RATE_LIMIT_WINDOW_MS\`); the
\`X-RateLimit-*\` headers say where a client stands, and a 429 carries \`Retry-After\`. Stripe's webhook is never limited.`;
}

/** One line per tag, shown as the section headings of /docs. */
export const tagDescriptions: Record<string, string> = {
  products: 'The catalog: the reading levels on sale, with prices.',
  payments: 'The checkout: an order and, for a paid level, a Stripe PaymentIntent to confirm with Stripe.js.',
  orders: 'One order, read with its order token.',
  'customer space': 'Passwordless sign-in by mailed link, then the purchases and delivered readings.',
  downloads: 'Signed links to reading files.',
  expert: 'The Expert App: the queue of readings, their files, delivery.',
  admin: "Operators' routes (ADMIN_API_KEY): orders, refunds, users, experts, notifications, CRM, dead letters.",
  webhooks: 'Stripe calls these; never a frontend.',
};
