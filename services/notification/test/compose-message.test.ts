import t from 'tap';
import type { EventData } from '@lumira/contracts';
import { composeMessage, type Sender } from '../src/compose-message.js';
import type { NotificationDoc } from '../src/notification.js';
import { completed, shop, signInRequested } from './mail/fixtures.js';

const sender: Sender = {
  from: { email: 'no-reply@lumira.example', name: 'Lumira' },
  shop,
  templates: { 'fulfilment.sign-in.requested': 'd-signin', 'order.completed': 'd-completed' },
};

const notification = (kind: NotificationDoc['kind'], data: EventData<NotificationDoc['kind']>, orderId: string | null): NotificationDoc => ({
  _id: `${kind}:x`,
  kind,
  orderId,
  data,
  status: 'pending',
  attempts: 1,
  lastError: null,
  eventOccurredAt: new Date(),
  createdAt: new Date(),
  firstAttemptAt: null,
  sentAt: null,
  providerMessageId: null,
  lockedUntil: 0,
});

t.test("a shop's SendGrid template for sign-in links gets the link, and no order id is made up", async (t) => {
  const message = composeMessage(notification('fulfilment.sign-in.requested', signInRequested(), null), sender);
  t.equal(message.templateId, 'd-signin');
  t.equal(message.dynamicData?.signInUrl, 'https://lumira.example/mon-espace#token=lsi_abcdefghijklmnopqrstuvwxyz012345');
  t.same(message.customArgs, { notificationId: 'fulfilment.sign-in.requested:x' });
});

t.test('the name in To, in the body and in template data is cleaned of links', async (t) => {
  const message = composeMessage(
    notification('order.completed', completed({ customerName: 'Ada <a href="https://evil.example">promo</a>' }), 'ord_123'),
    sender,
  );
  t.same(message.to, { email: 'ada@example.com', name: 'Ada promo' });
  t.equal(message.dynamicData?.customerName, 'Ada promo');
  t.notMatch(message.html, 'evil.example');
  t.same(message.customArgs, { notificationId: 'order.completed:x', orderId: 'ord_123' });
  const nameless = composeMessage(notification('order.completed', completed({ customerName: 'https://evil.example' }), 'ord_123'), sender);
  t.same(nameless.to, { email: 'ada@example.com' }, 'nothing left: no name at all');
});
