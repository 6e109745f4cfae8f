import type { FastifyRequest } from 'fastify';

/**
 * Whether the browser reached us over TLS: our own socket, a proxy's `X-Forwarded-Proto: https`, or a
 * configured public https address. Trusting the header without TRUST_PROXY is safe here: all it turns on
 * is `upgrade-insecure-requests`, which on a plain-HTTP page would send the browser to https for the
 * page's own scripts (a blank /docs).
 */
export function behindTls(request: FastifyRequest, publicUrl: string | undefined): boolean {
  if (publicUrl?.startsWith('https:')) return true;
  if (request.protocol === 'https') return true;
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

const HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/;

/** The address this request reached us at, for "Try it out"; a Host header that is not a host is ignored. */
export function originOf(request: FastifyRequest, publicUrl: string | undefined): string | undefined {
  const host = request.headers.host;
  if (!host || !HOST.test(host)) return undefined;
  return `${behindTls(request, publicUrl) ? 'https' : 'http'}://${host}`;
}
