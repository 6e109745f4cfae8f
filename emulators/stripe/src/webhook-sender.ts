import { signatureHeader } from './signature.js';
import type { EmulatorStore, StripeEvent } from './store.js';

export interface DeliverySettings {
  initialDelayMs: number;
  maxAttempts: number;
  timeoutMs: number;
}

export interface WebhookTarget {
  url: string;
  secret: string;
}

/**
 * POSTs each event to the endpoint, signed, and retries with exponential backoff on anything but a 2xx,
 * like Stripe (which keeps trying for days in live mode). The body is serialised once and the exact
 * bytes are signed; the timestamp is fresh on every attempt.
 */
export class WebhookSender {
  private target: WebhookTarget | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private closed = false;

  constructor(private readonly store: EmulatorStore, private readonly settings: DeliverySettings) {
    store.onEvent((event) => this.schedule(event, 1, 0));
  }

  setTarget(target: WebhookTarget | undefined) {
    this.target = target;
  }

  get secret(): string | undefined {
    return this.target?.secret;
  }

  private schedule(event: StripeEvent, attempt: number, delayMs: number) {
    if (this.closed || !this.target) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(event, attempt);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(event: StripeEvent, attempt: number) {
    const target = this.target;
    if (this.closed || !target) return;
    this.inFlight++;
    let ok = false;
    try {
      const body = JSON.stringify(event);
      const res = await fetch(target.url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signatureHeader(body, target.secret), 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      await res.arrayBuffer();
      ok = res.status >= 200 && res.status < 300;
    } catch {
      ok = false;
    } finally {
      this.inFlight--;
    }
    if (ok) {
      this.store.delivered.add(event.id);
      event.pending_webhooks = 0;
    } else if (attempt < this.settings.maxAttempts) {
      const delay = this.settings.initialDelayMs * 2 ** (attempt - 1);
      this.schedule(event, attempt + 1, delay / 2 + Math.random() * (delay / 2));
    }
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
  }
}
