/** One mail to one customer, whichever way it leaves (SendGrid, or a `.eml` file in development). */
export interface MailMessage {
  to: { email: string; name?: string };
  from: { email: string; name: string };
  subject: string;
  html: string;
  text: string;
  /** A SendGrid dynamic template (`d-…`); when set, SendGrid renders the mail from it and `dynamicData`. */
  templateId?: string;
  dynamicData?: Record<string, unknown>;
  categories?: string[];
  /** Echoed back by SendGrid's event webhook, which is how a bounce finds its order. */
  customArgs?: Record<string, string>;
}

export interface MailSendResult {
  /** SendGrid's `X-Message-Id`, or the sink's own id; null if the provider gave none. */
  providerMessageId: string | null;
}

export interface MailTransport {
  send(message: MailMessage): Promise<MailSendResult>;
}
