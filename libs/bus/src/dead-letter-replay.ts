import type { DeadLetterView } from '@lumira/contracts/ops';
import { rpcSchemas, type RpcSubject } from '@lumira/contracts/rpc';
import type { Bus, RequestOptions, Subscription } from './bus.js';
import { deadLetterView } from './dead-letter-view.js';
import { InvalidEventError, RpcError } from './errors.js';
import { busServices, domainPublishers, type BusService, type Domain } from './nats-permissions.js';

/**
 * A replay publishes the letter's subject again, which on NATS only that subject's owner may do (the order
 * service hosting the admin API may not publish payment.*). So the admin host asks the owner, over an RPC
 * of the owner's, and the owner republishes. In one process (no permissions) the same RPC runs in-process.
 */
export type ReplaySubject = Extract<RpcSubject, `rpc.${string}.replay-dead-letter`>;

const replaySubjectOf = (service: BusService): ReplaySubject | null => {
  const subject = `rpc.${service}.replay-dead-letter`;
  return subject in rpcSchemas ? (subject as ReplaySubject) : null;
};

/** The service allowed to publish a subject: its domain's publisher (nats-permissions.ts), if any. */
export function ownerOf(subject: string): BusService | null {
  const domain = subject.split('.')[0] ?? '';
  return Object.hasOwn(domainPublishers, domain) ? domainPublishers[domain as Domain] : null;
}

/** The RPC that replays a letter of this subject, or null when no service could publish it. */
export function replaySubjectFor(subject: string): ReplaySubject | null {
  const owner = ownerOf(subject);
  return owner ? replaySubjectOf(owner) : null;
}

/**
 * The admin host's side: null when there is no such letter (never was, or already replayed). Throws
 * InvalidEventError when it cannot be sent again; RpcError (with its status) as the owner answered.
 */
export async function replayDeadLetter(bus: Bus, id: string, options: RequestOptions = {}): Promise<DeadLetterView | null> {
  const letter = await bus.deadLetters.get(id);
  if (!letter) return null;
  if (!letter.envelope) throw new InvalidEventError(letter.subject, 'the dead letter is not a readable event');
  const subject = replaySubjectFor(letter.subject);
  if (!subject) throw new InvalidEventError(letter.subject, 'no service publishes this subject');
  return (await bus.request(subject, { id }, options)).deadLetter;
}

/**
 * The owner's side: answers replays of the letters whose subject it publishes. Null for a service that
 * publishes no event (nothing to replay) or is not a bus service at all.
 */
export async function serveDeadLetterReplay(bus: Bus, service: string): Promise<Subscription | null> {
  const subject = (busServices as readonly string[]).includes(service) ? replaySubjectOf(service as BusService) : null;
  if (!subject) return null;
  return await bus.serve(subject, async ({ id }, ctx) => {
    const letter = await bus.deadLetters.get(id);
    if (!letter) throw new RpcError('NOT_FOUND', 'Dead letter not found (or already replayed)', 404);
    // Asked of the wrong service, the publish would be refused by NATS: say so instead.
    if (ownerOf(letter.subject) !== service) throw new RpcError('NOT_OWNER', `${service} does not publish ${letter.subject}`, 409);
    try {
      const replayed = await bus.deadLetters.replay(id);
      if (!replayed) throw new RpcError('NOT_FOUND', 'Dead letter not found (or already replayed)', 404);
      ctx.log.info({ deadLetterId: id, durable: replayed.durable, subject: replayed.subject }, 'dead letter replayed');
      return { deadLetter: deadLetterView(replayed) };
    } catch (err) {
      if (err instanceof InvalidEventError)
        throw new RpcError('NOT_REPLAYABLE', `This dead letter is not a valid event and cannot be sent again: ${err.message}`, 422);
      throw err;
    }
  });
}
