/**
 * One name per (group, subject), shared by both transports. Its own file so the in-process bus can use it
 * without loading the NATS client: single-process mode never pays for a transport it does not use.
 */
export function consumerName(durable: string, subject: string): string {
  return `${durable}__${subject.replaceAll('.', '_')}`;
}
