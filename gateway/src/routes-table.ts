/** Which service owns which public path prefix. Order matters only for readability: prefixes never overlap. */
export type Upstream = 'payment' | 'order' | 'user' | 'notification' | 'crm-sync' | 'fulfilment';

export interface ProxyRoute {
  prefix: string;
  upstream: Upstream;
  /** Stripe retries on its own and must never be throttled. */
  rateLimited: boolean;
  /**
   * Largest body (declared length) this prefix accepts instead of BODY_LIMIT_BYTES: the Expert App's
   * uploads stream through, and the fulfilment service holds each kind of file to its own limit.
   */
  bodyLimit?: number;
}

const MiB = 1024 * 1024;

export const proxyRoutes: ProxyRoute[] = [
  { prefix: '/api/products', upstream: 'payment', rateLimited: true },
  { prefix: '/api/payments', upstream: 'payment', rateLimited: true },
  { prefix: '/api/webhooks/stripe', upstream: 'payment', rateLimited: false },
  { prefix: '/api/orders', upstream: 'order', rateLimited: true },
  { prefix: '/api/users', upstream: 'user', rateLimited: true },
  { prefix: '/api/admin/orders', upstream: 'order', rateLimited: true },
  { prefix: '/api/admin/users', upstream: 'user', rateLimited: true },
  { prefix: '/api/admin/deadletters', upstream: 'order', rateLimited: true },
  { prefix: '/api/admin/notifications', upstream: 'notification', rateLimited: true },
  { prefix: '/api/admin/crm', upstream: 'crm-sync', rateLimited: true },
  { prefix: '/api/admin/experts', upstream: 'fulfilment', rateLimited: true },
  { prefix: '/api/expert', upstream: 'fulfilment', rateLimited: true, bodyLimit: 512 * MiB },
  { prefix: '/api/access', upstream: 'fulfilment', rateLimited: true },
  { prefix: '/api/files', upstream: 'fulfilment', rateLimited: true },
];
