/** Which service owns which public path prefix. Order matters only for readability: prefixes never overlap. */
export type Upstream = 'payment' | 'order' | 'user' | 'notification' | 'crm-sync' | 'fulfilment';

export interface ProxyRoute {
  prefix: string;
  upstream: Upstream;
  /** Stripe retries on its own and must never be throttled. */
  rateLimited: boolean;
  /**
   * The largest request body, in bytes, counted as it streams (so a body of any framing is cut there);
   * BODY_LIMIT_BYTES when absent. A route that takes files sets its own.
   */
  bodyLimitBytes?: number;
}

const MiB = 1024 * 1024;

export const proxyRoutes: ProxyRoute[] = [
  { prefix: '/api/products', upstream: 'payment', rateLimited: true },
  { prefix: '/api/payments', upstream: 'payment', rateLimited: true },
  // The payment service takes Stripe events up to 512 KiB (an invoice event with many lines is larger
  // than the default): refusing them here would have Stripe retry for days.
  { prefix: '/api/webhooks/stripe', upstream: 'payment', rateLimited: false, bodyLimitBytes: 512 * 1024 },
  { prefix: '/api/orders', upstream: 'order', rateLimited: true },
  { prefix: '/api/users', upstream: 'user', rateLimited: true },
  { prefix: '/api/admin/orders', upstream: 'order', rateLimited: true },
  { prefix: '/api/admin/users', upstream: 'user', rateLimited: true },
  { prefix: '/api/admin/deadletters', upstream: 'order', rateLimited: true },
  { prefix: '/api/admin/notifications', upstream: 'notification', rateLimited: true },
  { prefix: '/api/admin/crm', upstream: 'crm-sync', rateLimited: true },
  { prefix: '/api/admin/experts', upstream: 'fulfilment', rateLimited: true },
  { prefix: '/api/expert', upstream: 'fulfilment', rateLimited: true, bodyLimitBytes: 512 * MiB },
  { prefix: '/api/access', upstream: 'fulfilment', rateLimited: true },
  { prefix: '/api/files', upstream: 'fulfilment', rateLimited: true },
];
