import { createRequire } from 'node:module';
import type * as Undici from 'undici';

/**
 * Only the parts of undici the gateway and the payment service's Stripe client use: its dispatchers and
 * their request(). undici's index also loads fetch, WebSocket, caches and cookies (and those read
 * globalThis.Headers, which loads Node's own copy of undici): about 3 MB resident of npm start, idle, for
 * nothing we call. (undici has no "exports" map: these paths are its files; a major update of undici must
 * be checked against them.) A subpath of its own, so a service that never calls out does not load it.
 */
const require = createRequire(import.meta.url);
const Dispatcher = require('undici/lib/dispatcher/dispatcher') as typeof Undici.Dispatcher;
// What the index does: request(), stream()… are methods of every dispatcher only once this ran.
Object.assign(Dispatcher.prototype, require('undici/lib/api') as object);

export const Pool = require('undici/lib/dispatcher/pool') as typeof Undici.Pool;
export type Pool = Undici.Pool;
export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export type Agent = Undici.Agent;
export type { Dispatcher } from 'undici';

let agent: Undici.Agent | undefined;

/** A GET through a shared keep-alive agent (readiness checks, document gathering), instead of fetch. */
export function get(url: URL, timeoutMs: number): Promise<Undici.Dispatcher.ResponseData> {
  agent ??= new Agent();
  return agent.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
}
