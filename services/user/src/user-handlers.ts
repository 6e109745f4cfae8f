import type { Bus, Subscription } from '@lumira/bus';
import { RpcError } from '@lumira/bus';
import type { UserCommands } from './user-commands.js';

export async function serveUserRpc(bus: Bus, commands: UserCommands): Promise<Subscription[]> {
  return await Promise.all([
    bus.serve('rpc.user.ensure', async (req, ctx) => await commands.ensure(req, ctx.correlationId)),
    // Only an unknown user is a 404: a store outage stays an error the caller retries, not a lie.
    bus.serve('rpc.user.set-stripe-customer', async (req) => {
      const stripeCustomerId = await commands.setStripeCustomer(req.userId, req.stripeCustomerId, req.replaces);
      if (stripeCustomerId === null) throw new RpcError('USER_NOT_FOUND', 'No such user', 404);
      return { stripeCustomerId };
    }),
  ]);
}

/** Totals come from completed orders; CRM links and edits come from crm-sync. All idempotent. */
export async function consumeUserEvents(bus: Bus, commands: UserCommands): Promise<Subscription> {
  return await bus.subscribe({
    durable: 'user',
    handlers: {
      'order.completed': async (data) => await commands.countOrder(data),
      'crm.customer.linked': async (data) => await commands.linkCrm(data),
      'crm.customer.changed': async (data, ctx) => await commands.applyCrmChange(data, ctx.correlationId),
    },
  });
}
