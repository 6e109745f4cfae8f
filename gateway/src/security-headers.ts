import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { behindTls } from './behind-tls.js';

/**
 * The headers helmet sets for a configuration, read once by running its middleware on a recording
 * response. None of them depends on the request (no CSP nonces here), so they need not be rebuilt.
 */
export function helmetHeaders(options: Readonly<HelmetOptions> = {}): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be computed once');
  return headers;
}

/**
 * helmet's security headers on every reply. @fastify/helmet builds helmet's middleware, CSP string
 * included, again for every request: about a tenth of the gateway's CPU per proxied request (profiled).
 * Two sets are built once: `upgrade-insecure-requests` only for a browser that came over TLS, since on
 * plain HTTP (a gateway reached by its LAN address) it sends the browser to https for our own scripts.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, options: { helmet?: HelmetOptions; publicUrl?: string | undefined }) => {
    const overTls = helmetHeaders(options.helmet);
    const directives = { ...helmet.contentSecurityPolicy.getDefaultDirectives(), 'upgrade-insecure-requests': null };
    const plain = helmetHeaders({ ...options.helmet, contentSecurityPolicy: { useDefaults: false, directives } });
    app.addHook('onRequest', async (request, reply) => {
      reply.headers(behindTls(request, options.publicUrl) ? overTls : plain);
    });
  },
  { name: 'lumira-security-headers', fastify: '5.x' },
);
