import type { Bus } from '@lumira/bus';
import type { Locale } from '@lumira/contracts/events';
import type { Collection } from '@lumira/store';
import { SignInTokenExpiredError, SignInTokenInvalidError, SignInTokenUsedError } from '../errors.js';
import { hashSecret, newSecret } from '../experts/expert.js';
import type { ReadingDoc } from '../reading.js';
import { newSignInId } from '../reading-ids.js';

/** A mailed sign-in link, by the hash of its token; used once, or never after `expiresAt`. */
export interface SignInDoc {
  _id: string;
  signInId: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  /** A day after expiry (a TTL index): until then a late click is told "expired", not "unknown". */
  purgeAt: Date;
}

/** A customer's session, by the hash of its bearer token; deleted at sign-out, useless after `expiresAt`. */
export interface SessionDoc {
  _id: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface AccessSettings {
  linkMinutes: number;
  sessionMinutes: number;
}

export interface CustomerAccess {
  /** Mails a sign-in link if the address bought something; false (and nothing sent) otherwise. */
  mailLink(email: string, locale: Locale | undefined, correlationId: string): Promise<boolean>;
  /** Trades a link's token for a session, once. */
  openSession(token: string): Promise<{ sessionToken: string; expiresAt: Date }>;
  session(authorization: string | undefined): Promise<SessionDoc | null>;
  signOut(session: SessionDoc, everywhere: boolean): Promise<void>;
}

const minutes = (n: number) => n * 60_000;

export async function createAccessIndexes(signIns: Collection<SignInDoc>, sessions: Collection<SessionDoc>): Promise<void> {
  await signIns.createIndex('purgeAt', { expireAfterSeconds: 0 });
  await sessions.createIndex('expiresAt', { expireAfterSeconds: 0 });
  await sessions.createIndex('email');
}

export function customerAccess(
  collections: { readings: Collection<ReadingDoc>; signIns: Collection<SignInDoc>; sessions: Collection<SessionDoc> },
  bus: Bus,
  settings: AccessSettings,
): CustomerAccess {
  const { readings, signIns, sessions } = collections;
  return {
    async mailLink(email, locale, correlationId) {
      const [latest] = await readings.find({ customerEmail: email }, { sort: { purchasedAt: -1 }, limit: 1 });
      if (!latest) return false;
      const token = newSecret('lsi');
      const now = new Date();
      const expiresAt = new Date(now.getTime() + minutes(settings.linkMinutes));
      const link: SignInDoc = {
        _id: hashSecret(token),
        signInId: newSignInId(),
        email,
        createdAt: now,
        expiresAt,
        usedAt: null,
        purgeAt: new Date(expiresAt.getTime() + minutes(24 * 60)),
      };
      await signIns.insertOne(link);
      await bus.publish(
        'fulfilment.sign-in.requested',
        {
          signInId: link.signInId,
          customerEmail: email,
          customerName: latest.customerName,
          locale: locale ?? latest.locale,
          token,
          expiresAt: link.expiresAt.toISOString(),
        },
        { id: `fulfilment.sign-in.requested:${link.signInId}`, correlationId },
      );
      return true;
    },

    async openSession(token) {
      const now = new Date();
      const hash = hashSecret(token);
      // One atomic update: of two tabs racing with the same link, one gets the session.
      const used = await signIns.findOneAndUpdate({ _id: hash, usedAt: null, expiresAt: { $gt: now } }, { $set: { usedAt: now } });
      if (!used) {
        const link = await signIns.findOne({ _id: hash });
        if (!link) throw new SignInTokenInvalidError();
        throw link.usedAt ? new SignInTokenUsedError() : new SignInTokenExpiredError();
      }
      const sessionToken = newSecret('lss');
      const expiresAt = new Date(now.getTime() + minutes(settings.sessionMinutes));
      await sessions.insertOne({ _id: hashSecret(sessionToken), email: used.email, createdAt: now, expiresAt });
      return { sessionToken, expiresAt };
    },

    async session(authorization) {
      const match = /^Bearer (\S{20,200})$/.exec(authorization ?? '');
      if (!match?.[1]) return null;
      return await sessions.findOne({ _id: hashSecret(match[1]), expiresAt: { $gt: new Date() } });
    },

    async signOut(session, everywhere) {
      if (everywhere) await sessions.deleteMany({ email: session.email });
      else await sessions.deleteOne({ _id: session._id });
    },
  };
}
