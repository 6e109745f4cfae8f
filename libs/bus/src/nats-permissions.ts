import { consumerGroups, eventSchemas, type ConsumerGroupName, type EventType } from '@lumira/contracts';
import type { RpcSubject } from '@lumira/contracts/rpc';
import { consumerName } from './consumer-name.js';
import { streamFor } from './nats-streams.js';

/**
 * Who may say what on the bus: one NATS user per service, allowed to publish only its own domain's events
 * and the RPCs it calls, and to subscribe only to the RPCs it serves and its own inbox. The tables below
 * are checked by the compiler against libs/contracts (a new group, event domain or RPC does not build until
 * it has an owner here), and the NATS authorization block is rendered from them (natsAuthorization).
 */
export const busServices = ['payment', 'order', 'user', 'notification', 'crm-sync', 'fulfilment'] as const;
export type BusService = (typeof busServices)[number];

export type Domain = EventType extends `${infer D}.${string}` ? D : never;

/** The only service that publishes each event domain (its outbox relay). */
export const domainPublishers: Record<Domain, BusService> = {
  payment: 'payment',
  order: 'order',
  user: 'user',
  crm: 'crm-sync',
  fulfilment: 'fulfilment',
};

/** The service whose replicas run each consumer group. */
export const groupOwners: Record<ConsumerGroupName, BusService> = {
  'payment-reconciler': 'payment',
  'order-payments': 'order',
  user: 'user',
  notification: 'notification',
  'crm-sync': 'crm-sync',
  fulfilment: 'fulfilment',
};

/** Who calls each RPC; the service that answers is the subject's second segment (rpc.<service>.<name>). */
export const rpcCallers: Record<RpcSubject, readonly BusService[]> = {
  'rpc.user.ensure': ['payment'],
  'rpc.user.set-stripe-customer': ['payment'],
  'rpc.order.create': ['payment'],
  'rpc.order.attach-payment-intent': ['payment'],
  'rpc.order.abandon': ['payment'],
  'rpc.payment.sync': ['order'],
  'rpc.payment.refund': ['order'],
  // The admin API (hosted by order) has a dead letter sent again by the one service allowed to publish it.
  'rpc.payment.replay-dead-letter': ['order'],
  'rpc.order.replay-dead-letter': ['order'],
  'rpc.user.replay-dead-letter': ['order'],
  'rpc.crm-sync.replay-dead-letter': ['order'],
  'rpc.fulfilment.replay-dead-letter': ['order'],
};

/** Each service's replies come to an inbox of its own, so no other user may listen to them. */
export const inboxPrefixOf = (user: string): string => `_INBOX_${user.replace(/[^A-Za-z0-9]/g, '_')}`;

export interface NatsPermissions {
  publish: string[];
  subscribe: string[];
}

export function natsPermissions(service: BusService): NatsPermissions {
  const domains = Object.entries(domainPublishers)
    .filter(([, s]) => s === service)
    .map(([d]) => `${d}.>`);
  const calls = Object.entries(rpcCallers)
    .filter(([, callers]) => callers.includes(service))
    .map(([subject]) => subject);
  const serves = Object.keys(rpcCallers).filter((subject) => subject.split('.')[1] === service);
  // Acks go to the reply subject JetStream gives each message: $JS.ACK.<stream>.<consumer>.…; only its own groups'.
  const acks = Object.entries(groupOwners)
    .filter(([, s]) => s === service)
    .flatMap(([group]) => consumerGroups[group as ConsumerGroupName].map((subject) => `$JS.ACK.${streamFor(subject)}.${consumerName(group, subject)}.>`));
  return {
    publish: [
      // Every service provisions the streams and every declared consumer at connect, reads consumer info for
      // the lag metric and pulls its messages: the JetStream API. (No message reaches a stream through it.)
      '$JS.API.>',
      ...acks,
      ...domains,
      // Any consumer may dead-letter what it cannot handle.
      'deadletter.>',
      ...calls,
    ],
    subscribe: [`${inboxPrefixOf(service)}.>`, ...serves],
  };
}

const quoted = (s: string) => JSON.stringify(s);

/**
 * nats-server's `authorization` block: a user per service with its permissions. `password` is what the file
 * says for each user; the default `$NATS_PASSWORD_<SERVICE>` is read by nats-server from its environment,
 * so the file itself holds no secret.
 */
export function natsAuthorization(password: (service: BusService) => string = (s) => `$NATS_PASSWORD_${s.toUpperCase().replace('-', '_')}`): string {
  const users = busServices.map((service) => {
    const p = natsPermissions(service);
    return [
      '    {',
      `      user: ${quoted(service)}`,
      `      password: ${password(service)}`,
      '      permissions: {',
      `        publish: { allow: [${p.publish.map(quoted).join(', ')}] }`,
      `        subscribe: { allow: [${p.subscribe.map(quoted).join(', ')}] }`,
      // An RPC server answers on the caller's inbox, which it may not otherwise publish to.
      '        allow_responses: true',
      '      }',
      '    }',
    ].join('\n');
  });
  return `authorization {\n  users: [\n${users.join('\n')}\n  ]\n}\n`;
}

/** Every event type has a publisher: a new domain in libs/contracts fails here first. */
export function unownedEventTypes(): string[] {
  return Object.keys(eventSchemas).filter((t) => !(t.split('.')[0]! in domainPublishers));
}
