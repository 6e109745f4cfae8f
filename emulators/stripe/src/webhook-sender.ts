import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';
import { signatureHeader } from './signature.js';
import type { EmulatorStore, StripeEvent } from './store.js';

// Required, not imported: an ES import of node:http makes Node read every export, the lazy WebSocket among
// them, which loads Node's own copy of undici for nothing.
const { Agent: HttpAgent, request: httpRequest } = createRequire(import.meta.url)('node:http') as typeof import('node:http');

export interface DeliverySettings {
  initialDelayMs: number;
  maxAttempts: number;
  timeoutMs: number;
  /** Chance (0–1) that an event is delivered twice, as Stripe sometimes does. */
  duplicateProbability: number;
  /** Each delivery waits a random 0…maxJitterMs first, so events arrive out of order as they do from Stripe. */
  maxJitterMs: number;
  random: () => number;
}

export interface WebhookTarget {
  url: string;
  secret: string;
  /** The API version the endpoint was created with: its events are rendered at it, not at the account's default. */
  apiVersion?: string;
}

/**
 * POSTs each event to the endpoint, signed, and retries with exponential backoff on anything but a 2xx,
 * like Stripe (which keeps trying for days in live mode). Each body is serialised once and the exact bytes
 * are signed; the timestamp is fresh on every attempt.
 */
export class WebhookSender {
  private target: WebhookTarget | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private closed = false;
  // Its own connection pools, destroyed at close: a kept-alive socket must not hold the endpoint's server open.
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  constructor(
    private readonly store: EmulatorStore,
    private readonly settings: DeliverySettings,
  ) {
    store.onEvent((event) => this.send(event));
  }

  setTarget(target: WebhookTarget | undefined) {
    this.target = target;
  }

  get secret(): string | undefined {
    return this.target?.secret;
  }

  private send(event: StripeEvent) {
    const { random, maxJitterMs, duplicateProbability } = this.settings;
    const copies = random() < duplicateProbability ? 2 : 1;
    for (let i = 0; i < copies; i++) this.schedule(event, 1, maxJitterMs > 0 ? random() * maxJitterMs : 0);
  }

  private schedule(event: StripeEvent, attempt: number, delayMs: number) {
    if (this.closed || !this.target) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // A delivery's own failures are retried inside; anything else (the journal refusing a write) ends it.
      this.attempt(event, attempt).catch(() => undefined);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(event: StripeEvent, attempt: number) {
    const target = this.target;
    if (this.closed || !target) return;
    this.inFlight++;
    let ok = false;
    try {
      const body = JSON.stringify(target.apiVersion ? { ...event, api_version: target.apiVersion } : event);
      const status = await this.post(target, body);
      ok = status >= 200 && status < 300;
    } catch {
      // A refused or timed-out POST is an undelivered attempt: `ok` stays false and the retry below runs.
    } finally {
      this.inFlight--;
    }
    if (ok) {
      this.store.markDelivered(event.id);
    } else if (attempt < this.settings.maxAttempts) {
      const delay = this.settings.initialDelayMs * 2 ** (attempt - 1);
      this.schedule(event, attempt + 1, delay / 2 + this.settings.random() * (delay / 2));
    }
  }

  /** One POST, bounded end to end by the delivery timeout; answers the status. */
  private post(target: WebhookTarget, body: string): Promise<number> {
    const url = new URL(target.url);
    const https = url.protocol === 'https:';
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'stripe-signature': signatureHeader(body, target.secret),
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    };
    return new Promise((resolve, reject) => {
      const options = { method: 'POST', headers, signal: AbortSignal.timeout(this.settings.timeoutMs) };
      const req = https ? httpsRequest(url, { ...options, agent: this.agents.https }) : httpRequest(url, { ...options, agent: this.agents.http });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** For tests: resolves when nothing is being sent (bounded, never hangs). */
  async flush(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.inFlight > 0 || this.timers.size > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  close() {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
