import type { EventData } from '@lumira/contracts/events';
import type { MailMessage } from './mail/mail-message.js';
import { mailSafeName } from './mail/mail-safe-name.js';
import { signInUrl } from './mail/locale-copy.js';
import { renderMail, type MailKind, type ShopIdentity } from './mail/templates.js';
import type { NotificationDoc } from './notification.js';

export interface Sender {
  from: { email: string; name: string };
  shop: ShopIdentity;
  /** SendGrid dynamic templates the shop configured, by kind. */
  templates: Partial<Record<MailKind, string>>;
}

/** What a shop's own SendGrid template needs beyond the event's fields: the link a sign-in mail carries. */
function templateExtras(n: NotificationDoc, sender: Sender): Record<string, string> {
  if (n.kind !== 'fulfilment.sign-in.requested' || !sender.shop.accessUrl) return {};
  return { signInUrl: signInUrl(sender.shop.accessUrl, (n.data as EventData<'fulfilment.sign-in.requested'>).token) };
}

/**
 * The mail for a notification: our own rendering, or the shop's SendGrid template fed the same facts.
 * Either way the customer's name goes out cleaned of links and markup (see mailSafeName).
 */
export function composeMessage(n: NotificationDoc, sender: Sender): MailMessage {
  const customerName = mailSafeName(n.data.customerName);
  const data = { ...n.data, customerName };
  const rendered = renderMail(n.kind, data as never, sender.shop);
  const templateId = sender.templates[n.kind];
  const message: MailMessage = {
    to: customerName ? { email: n.data.customerEmail, name: customerName } : { email: n.data.customerEmail },
    from: sender.from,
    ...rendered,
    categories: [n.kind],
    customArgs: { notificationId: n._id, ...(n.orderId ? { orderId: n.orderId } : {}) },
  };
  if (templateId) {
    message.templateId = templateId;
    message.dynamicData = {
      ...data,
      ...templateExtras(n, sender),
      subject: rendered.subject,
      shopName: sender.shop.name,
      supportEmail: sender.shop.supportEmail,
    };
  }
  return message;
}
