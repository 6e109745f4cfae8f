import type { MailMessage } from './mail/mail-message.js';
import { renderMail, type MailKind, type ShopIdentity } from './mail/templates.js';
import type { NotificationDoc } from './notification.js';

export interface Sender {
  from: { email: string; name: string };
  shop: ShopIdentity;
  /** SendGrid dynamic templates the shop configured, by kind. */
  templates: Partial<Record<MailKind, string>>;
}

/** The mail for a notification: our own rendering, or the shop's SendGrid template fed the same facts. */
export function composeMessage(n: NotificationDoc, sender: Sender): MailMessage {
  const rendered = renderMail(n.kind, n.data as never, sender.shop);
  const templateId = sender.templates[n.kind];
  const message: MailMessage = {
    to: n.data.customerName ? { email: n.data.customerEmail, name: n.data.customerName } : { email: n.data.customerEmail },
    from: sender.from,
    ...rendered,
    categories: [n.kind],
    customArgs: { notificationId: n._id, orderId: n.orderId },
  };
  if (templateId) {
    message.templateId = templateId;
    message.dynamicData = { ...n.data, subject: rendered.subject, shopName: sender.shop.name, supportEmail: sender.shop.supportEmail };
  }
  return message;
}
