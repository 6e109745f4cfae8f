import { paymentSignalTypes, stripeWebhookEventSchema } from '@lumira/contracts/stripe';
import type { OutboxRelay } from '@lumira/bus';
import type { Collection } from '@lumira/store';
import type { Logger } from 'pino';
import type Stripe from 'stripe';
import type { PaymentMetrics } from './metrics.js';
import { isMissing } from './stripe-client.js';
import { paymentIntentIdOf, recordWebhookEvent, type WebhookEventDoc } from './webhook-event.js';

interface CursorDoc {
  _id: string;
  eventId: string;
  updatedAt: Date;
}

export interface MissedEventsSettings {
  intervalMs: number;
  /** How far back the first pass looks (Stripe retries a delivery for 3 days, and lists 30 days of events). */
  lookbackMs: number;
  /** Pages of 100 events read per pass at most: a long backlog is read over several passes. */
  pagesPerPass: number;
}

const CURSOR = 'stripe-missed-events-cursor';

/**
 * The catch-up for webhooks Stripe could not deliver (the endpoint down, a wrong secret for a while): Stripe's
 * event list with `delivery_success=false`, from a stored cursor, each event recorded exactly as the webhook
 * route records it (by its id, so one that does arrive later is a duplicate) and handled the same way.
 */
export function missedEventsReader(
  stripe: Stripe,
  events: Collection<WebhookEventDoc>,
  cursors: Collection<CursorDoc>,
  relay: OutboxRelay,
  metrics: PaymentMetrics,
  log: Logger,
  settings: MissedEventsSettings,
) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function record(event: Stripe.Event): Promise<void> {
    const parsed = stripeWebhookEventSchema.safeParse(event);
    const paymentIntentId = parsed.success ? paymentIntentIdOf(parsed.data) : null;
    if (!parsed.success || !paymentIntentId) return;
    const doc = await recordWebhookEvent(events, parsed.data, paymentIntentId, `missed:${event.id}`);
    metrics.missedEvents.inc({ outcome: doc ? 'recovered' : 'already_received' });
    relay.flushInBackground(doc);
  }

  const list = (params: Stripe.EventListParams) =>
    stripe.events.list({ ...params, delivery_success: false, types: [...paymentSignalTypes], limit: 100 } as Stripe.EventListParams);

  async function firstPass(): Promise<number> {
    let seen = 0;
    let newest: string | undefined;
    let after: string | undefined;
    for (let page = 0; page < settings.pagesPerPass; page++) {
      const res = await list({ created: { gte: Math.floor((Date.now() - settings.lookbackMs) / 1000) }, ...(after ? { starting_after: after } : {}) });
      newest ??= res.data[0]?.id;
      for (const e of res.data) await record(e);
      seen += res.data.length;
      if (!res.has_more || res.data.length === 0) break;
      after = res.data.at(-1)!.id;
    }
    if (newest) await cursors.updateOne({ _id: CURSOR }, { $set: { eventId: newest, updatedAt: new Date() } }, { upsert: true });
    return seen;
  }

  /** One pass: every undelivered payment event since the cursor, oldest pages first, the cursor moved after each page. */
  async function pass(): Promise<number> {
    const cursor = await cursors.findOne({ _id: CURSOR });
    if (!cursor) return await firstPass();
    let seen = 0;
    let from = cursor.eventId;
    for (let page = 0; page < settings.pagesPerPass; page++) {
      let res: Stripe.ApiList<Stripe.Event>;
      try {
        res = await list({ ending_before: from });
      } catch (err) {
        if (!isMissing(err, 'ending_before')) throw err;
        log.warn({ eventId: from }, 'the stored event cursor is unknown to Stripe (older than 30 days, or another account): starting over');
        await cursors.deleteOne({ _id: CURSOR });
        return seen + (await firstPass());
      }
      for (const e of [...res.data].reverse()) await record(e);
      seen += res.data.length;
      if (res.data.length === 0) break;
      from = res.data[0]!.id;
      await cursors.updateOne({ _id: CURSOR }, { $set: { eventId: from, updatedAt: new Date() } });
      if (!res.has_more) break;
    }
    return seen;
  }

  /** Never two passes at once; a failing pass is logged and the next one starts from the same cursor. */
  function runPass(): Promise<number> {
    running ??= pass()
      .catch((err: unknown) => {
        metrics.stripeFailures.inc({ operation: 'events' });
        log.warn({ err }, 'reading missed Stripe events failed: tried again at the next pass');
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  return {
    runPass,
    start() {
      void runPass();
      timer = setInterval(() => void runPass(), settings.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
