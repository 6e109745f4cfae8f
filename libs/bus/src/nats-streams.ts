/**
 * Which stream holds which subject. Apart from nats-layout.ts, so the permissions (loaded with the bus's
 * index, whatever the bus) never pull the NATS client in: the in-process bus does not need it.
 */

/** One stream per domain, named after the subject's first segment; dead letters in a stream of their own. */
export const domains = ['payment', 'order', 'user', 'fulfilment', 'crm', 'deadletter'] as const;

export function streamFor(subject: string): string {
  const domain = subject.split('.')[0] ?? '';
  if (!(domains as readonly string[]).includes(domain)) throw new Error(`no stream holds subject ${subject}`);
  return domain.toUpperCase();
}
