import createClient, { type Client } from 'openapi-fetch';
import { unwrap } from './errors.js';
import type { components, paths } from './schema.js';

export { LumiraApiError, unwrap, type ErrorBody } from './errors.js';
export type { components, paths } from './schema.js';

type Schemas = components['schemas'];
export type Product = Schemas['Product'];
export type CheckoutRequest = Schemas['CheckoutRequest'];
export type CheckoutReply = Schemas['CheckoutReply'];
export type PaidCheckout = Schemas['PaidCheckout'];
export type Order = Schemas['Order'];
export type CustomerSpace = Schemas['CustomerSpace'];
export type Session = Schemas['Session'];

export interface LumiraClientOptions {
  /** The gateway, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  headers?: Record<string, string>;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The shop's API, typed from its OpenAPI document. `api` is the whole API (openapi-fetch: every path and
 * method, answering `{ data, error, response }`); the named calls are the frontends' everyday ones and
 * throw a LumiraApiError for any non-2xx answer.
 */
export function createLumiraClient(options: LumiraClientOptions) {
  const api: Client<paths> = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  return {
    api,
    listProducts: async () => unwrap(await api.GET('/api/products')).products,
    /** `idempotencyKey`: one per purchase attempt, so a retried request answers the first order again. */
    checkout: async (body: CheckoutRequest, idempotencyKey?: string) =>
      unwrap(await api.POST('/api/payments/create-payment-intent', { body, params: { header: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {} } })),
    getOrder: async (orderId: string, orderToken: string) =>
      unwrap(await api.GET('/api/orders/{id}', { params: { path: { id: orderId } }, headers: bearer(orderToken) })),
    requestSignInLink: async (email: string, locale?: 'fr' | 'en') =>
      unwrap(await api.POST('/api/access/login', { body: { email, ...(locale ? { locale } : {}) } })),
    openSession: async (linkToken: string) => unwrap(await api.POST('/api/access/session', { body: { token: linkToken } })),
    customerSpace: async (sessionToken: string) => unwrap(await api.GET('/api/access/me', { headers: bearer(sessionToken) })),
    signOut: async (sessionToken: string) => {
      unwrap(await api.DELETE('/api/access/session', { headers: bearer(sessionToken) }));
    },
  };
}
export type LumiraClient = ReturnType<typeof createLumiraClient>;
