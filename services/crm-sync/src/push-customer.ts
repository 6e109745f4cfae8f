import type { Bus } from '@lumira/bus';
import type { Collection } from '@lumira/store';
import type { CustomerFacts } from './crm-job.js';
import { fieldsOf, type CustomerLinkDoc, type ThirdpartyFields } from './customer-link.js';
import type { DolibarrClient } from './dolibarr/dolibarr-client.js';
import type { ThirdpartyChanges } from './dolibarr/dolibarr-bodies.js';
import { DolibarrError } from './dolibarr/dolibarr-error.js';
import type { Thirdparty } from './dolibarr/dolibarr-schemas.js';

export interface PushContext {
  client: DolibarrClient;
  links: Collection<CustomerLinkDoc>;
  bus: Bus;
  correlationId: string;
}

/** An address Dolibarr's filter syntax cannot carry (a quote, a parenthesis) is simply not searched by. */
async function findByEmail(client: DolibarrClient, email: string): Promise<Thirdparty | null> {
  try {
    return await client.findThirdpartyByEmail(email);
  } catch (err) {
    if (err instanceof DolibarrError && err.kind === 'client' && err.status === undefined) return null;
    throw err;
  }
}

/** Ours by link first, then by ref_ext (our user id), then by email: how a retry finds what a timed-out create made. */
async function locate(ctx: PushContext, facts: CustomerFacts, link: CustomerLinkDoc | null): Promise<Thirdparty | null> {
  if (link?.dolibarrId) {
    const linked = await ctx.client.getThirdparty(link.dolibarrId);
    if (linked) return linked;
  }
  return (await ctx.client.findThirdpartyByRefExt(facts.userId)) ?? (await findByEmail(ctx.client, facts.email));
}

/** Only what we know and Dolibarr lacks or holds differently; a null of ours never clears Dolibarr's value. */
function changesFor(tp: Thirdparty, facts: CustomerFacts): ThirdpartyChanges {
  const changes: ThirdpartyChanges = {};
  if (facts.name && facts.name !== tp.name) changes.name = facts.name;
  if (facts.email.toLowerCase() !== (tp.email ?? '').toLowerCase()) changes.email = facts.email;
  if (facts.phone && facts.phone !== tp.phone) changes.phone = facts.phone;
  if (tp.refExt !== facts.userId) changes.refExt = facts.userId;
  return changes;
}

/**
 * Finds or creates the customer's thirdparty, brings it up to date when `update` (an invoice only needs it to
 * exist), links it, and tells the user service. What we are about to write is recorded first, so the pull
 * recognises its echo even when the write times out after Dolibarr made it.
 */
export async function pushCustomer(ctx: PushContext, facts: CustomerFacts, options: { update: boolean }): Promise<number> {
  const link = await ctx.links.findOne({ _id: facts.userId });
  const found = await locate(ctx, facts, link);
  const remember = async (written: ThirdpartyFields) =>
    await ctx.links.updateOne({ _id: facts.userId }, { $set: { written, writtenAt: new Date() } }, { upsert: true });

  let dolibarrId: number;
  if (!found) {
    const fields = { name: facts.name ?? facts.email, email: facts.email, phone: facts.phone };
    await remember(fields);
    dolibarrId = await ctx.client.createThirdparty({ name: fields.name, email: fields.email, refExt: facts.userId, ...(fields.phone ? { phone: fields.phone } : {}) });
  } else {
    dolibarrId = found.id;
    const changes = options.update ? changesFor(found, facts) : found.refExt ? {} : { refExt: facts.userId };
    const { refExt: _refExt, ...visible } = changes;
    if (Object.keys(visible).length > 0) await remember({ ...fieldsOf(found), ...visible });
    else if (!link?.written) await remember(fieldsOf(found));
    if (Object.keys(changes).length > 0) await ctx.client.updateThirdparty(dolibarrId, changes);
  }
  if (link?.dolibarrId !== dolibarrId) await ctx.links.updateOne({ _id: facts.userId }, { $set: { dolibarrId } });
  await ctx.bus.publish(
    'crm.customer.linked',
    { userId: facts.userId, dolibarrCustomerId: dolibarrId },
    { id: `crm.customer.linked:${facts.userId}:${dolibarrId}`, correlationId: ctx.correlationId },
  );
  return dolibarrId;
}
