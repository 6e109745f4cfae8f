/** Which service owns which public path prefix. Order matters only for readability: prefixes never overlap. */
export type Upstream = 'payment' | 'order' | 'user' | 'notification' | 'crm-sync';

export interface ProxyRoute {
  prefix: string;
  upstream: Upstream;
  /** Stripe retries on its own and must never be throttled. */
  rateLimited: boolean;
}

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
];
