import t from 'tap';
import { envelopeSchema } from '@lumira/contracts';
import type { StripeWebhookEvent } from '@lumira/contracts/stripe';
import { tempStore } from '@lumira/testing';
import { recordWebhookEvent, type WebhookEventDoc } from '../src/webhook-event.js';

const event = (id: string): StripeWebhookEvent => ({
  id,
  type: 'payment_intent.succeeded',
  created: 1,
  data: { object: { id: 'pi_1', object: 'payment_intent' } },
});

t.test('an event id of any length is recorded once, under ids the bus and the store accept', async (t) => {
  const events = (await tempStore(t)).forService('payment').collection<WebhookEventDoc>('webhookEvents');
  const short = await recordWebhookEvent(events, event('evt_1NmPLe2eZvKYlo2C'), 'pi_1', 'req-1');
  t.equal(short?._id, 'evt_1NmPLe2eZvKYlo2C', 'an ordinary id is the record key as it is');
  t.equal(short?.outbox?.[0]?.id, 'payment.signal:evt_1NmPLe2eZvKYlo2C');

  const longId = `evt_${'A'.repeat(300)}`;
  const long = await recordWebhookEvent(events, event(longId), 'pi_1', 'req-2');
  t.ok(long, 'recorded (this threw, and the webhook answered 500)');
  t.ok(envelopeSchema.safeParse(long!.outbox?.[0]).success, 'the signal is a valid envelope');
  t.ok(long!._id.length <= 200, 'the record key is bounded');
  t.equal((long!.outbox?.[0]?.data as { stripeEventId: string }).stripeEventId, longId, 'the signal still names the event');
  t.equal(await recordWebhookEvent(events, event(longId), 'pi_1', 'req-3'), null, 'the same long id again is a duplicate');
  const sibling = await recordWebhookEvent(events, event(`evt_${'A'.repeat(299)}B`), 'pi_1', 'req-4');
  t.ok(sibling, 'a different long id with the same beginning is another event');
  t.not(sibling!._id, long!._id);
});
