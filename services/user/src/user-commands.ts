import type { EventData } from '@lumira/contracts';
import type { RpcReply, RpcRequest } from '@lumira/contracts/rpc';
import { createEvent, withOutbox, type OutboxRelay } from '@lumira/bus';
import { isDuplicateKeyError, type Collection } from '@lumira/store';
import type { Logger } from 'pino';
import { expiredCounted } from './counted-orders.js';
import { mergeProfile } from './profile-merge.js';
import { factsOf, newUserId, normaliseEmail, type UserDoc } from './user.js';

export interface UserCommands {
  ensure(req: RpcRequest<'rpc.user.ensure'>, correlationId: string): Promise<RpcReply<'rpc.user.ensure'>>;
  /** Sets the Stripe customer if none is set (or, with `replaces`, if that one is); answers the one in force, or null for an unknown user. */
  setStripeCustomer(userId: string, stripeCustomerId: string, replaces?: string): Promise<string | null>;
  countOrder(data: EventData<'order.completed'>): Promise<void>;
  linkCrm(data: EventData<'crm.customer.linked'>): Promise<void>;
  applyCrmChange(data: EventData<'crm.customer.changed'>, correlationId: string): Promise<void>;
}

/** `log` gets one line per state change, with ids only: never an address, a name or a phone number. */
export function userCommands(users: Collection<UserDoc>, relay: OutboxRelay, log?: Logger): UserCommands {
  return {
    async ensure(req, correlationId) {
      const email = normaliseEmail(req.email);
      const found = await users.findOne({ email });
      if (found) return { userId: found._id, email, stripeCustomerId: found.stripeCustomerId, created: false };
      const now = new Date();
      const doc: UserDoc = {
        _id: newUserId(),
        email,
        name: req.name,
        phone: null,
        locale: req.locale,
        stripeCustomerId: null,
        dolibarrCustomerId: null,
        subscriptionStatus: 'inactive',
        totalOrders: 0,
        lastOrderAt: null,
        countedOrders: {},
        profileUpdatedAt: now,
        createdAt: now,
        updatedAt: now,
        outboxPendingSince: Date.now(),
      };
      doc.outbox = [createEvent('user.created', { ...factsOf(doc), createdAt: now.toISOString() }, { id: `user.created:${doc._id}`, correlationId })];
      try {
        await users.insertOne(doc);
      } catch (err) {
        // Two first purchases with one address at once: the unique index keeps one user.
        if (!isDuplicateKeyError(err)) throw err;
        const winner = await users.findOne({ email });
        if (!winner) throw err;
        return { userId: winner._id, email, stripeCustomerId: winner.stripeCustomerId, created: false };
      }
      relay.flushInBackground(doc);
      log?.info({ userId: doc._id }, 'user created');
      return { userId: doc._id, email, stripeCustomerId: null, created: true };
    },

    async setStripeCustomer(userId, stripeCustomerId, replaces) {
      await users.updateOne({ _id: userId, stripeCustomerId: replaces ?? null }, { $set: { stripeCustomerId, updatedAt: new Date() } });
      const user = await users.findOne({ _id: userId });
      if (!user) return null;
      return user.stripeCustomerId;
    },

    async countOrder(data) {
      const at = new Date(data.completedAt);
      // A key per order rather than `$ne` on an array: the embedded store does not match `$ne` against an
      // empty array the way MongoDB does, while `$exists` on a path behaves the same in both.
      const counted = await users.findOneAndUpdate(
        { _id: data.userId, [`countedOrders.${data.orderId}`]: { $exists: false } },
        {
          $inc: { totalOrders: 1 },
          $set: { [`countedOrders.${data.orderId}`]: Date.now(), subscriptionStatus: 'active', updatedAt: new Date() },
          $max: { lastOrderAt: at },
        },
      );
      if (counted) log?.info({ userId: data.userId, orderId: data.orderId, totalOrders: counted.totalOrders }, 'order counted');
      const expired = counted ? expiredCounted(counted.countedOrders, Date.now()) : [];
      if (expired.length > 0) await users.updateOne({ _id: data.userId }, { $unset: Object.fromEntries(expired.map((id) => [`countedOrders.${id}`, ''])) });
    },

    async linkCrm(data) {
      await users.updateOne({ _id: data.userId }, { $set: { dolibarrCustomerId: data.dolibarrCustomerId, updatedAt: new Date() } });
      log?.info({ userId: data.userId, dolibarrCustomerId: data.dolibarrCustomerId }, 'Dolibarr customer linked');
    },

    async applyCrmChange(data, correlationId) {
      const user = await users.findOne({ _id: data.userId });
      if (!user) return;
      const { set, changed } = mergeProfile(user, { name: data.name, email: data.email, phone: data.phone, modifiedAt: new Date(data.modifiedAt) });
      if (changed.length === 0) return;
      const next = { ...user, ...set };
      const envelope = createEvent(
        'user.updated',
        { ...factsOf(next), changed, source: 'crm', updatedAt: data.modifiedAt },
        { id: `user.updated:${user._id}:crm:${data.modifiedAt}`, correlationId },
      );
      try {
        const updated = await users.findOneAndUpdate(
          { _id: user._id, profileUpdatedAt: user.profileUpdatedAt },
          withOutbox({ $set: { ...set, updatedAt: new Date() } }, [envelope]),
        );
        if (!updated) throw new Error('the profile changed meanwhile: the change will be re-applied on redelivery');
        relay.flushInBackground(updated);
        log?.info({ userId: user._id, changed }, 'profile changed from Dolibarr');
      } catch (err) {
        // The CRM gave this customer an address another of our users already has: keep ours.
        if (!isDuplicateKeyError(err)) throw err;
      }
    },
  };
}
