import type { CustomerFacts } from './crm-job.js';
import { fieldsOf, type CustomerLinkDoc, type ThirdpartyFields } from './customer-link.js';
import type { DolibarrClient } from './dolibarr/dolibarr-client.js';
import type { ThirdpartyChanges } from './dolibarr/dolibarr-bodies.js';
import { DolibarrError } from './dolibarr/dolibarr-error.js';
import { normaliseThirdparty } from './dolibarr/dolibarr-normalise.js';
import type { Thirdparty } from './dolibarr/dolibarr-schemas.js';
import type { PushContext } from './push-context.js';

export type { PushContext } from './push-context.js';

/** An address Dolibarr's filter syntax cannot carry (a quote, a parenthesis) is simply not searched by. */
async function findByEmail(client: DolibarrClient, email: string | null): Promise<Thirdparty | null> {
  if (email === null) return null;
  try {
    return await client.findThirdpartyByEmail(email);
  } catch (err) {
    if (err instanceof DolibarrError && err.kind === 'client' && err.status === undefined) return null;
    throw err;
  }
}

/** Ours by link first, then by ref_ext (our user id), then by email: how a retry finds what a timed-out create made. */
async function locate(ctx: PushContext, userId: string, email: string | null, link: CustomerLinkDoc | null): Promise<Thirdparty | null> {
  if (link?.dolibarrId) {
    const linked = await ctx.client.getThirdparty(link.dolibarrId);
    if (linked) return linked;
  }
  return (await ctx.client.findThirdpartyByRefExt(userId)) ?? (await findByEmail(ctx.client, email));
}

/** Only what we know and Dolibarr holds differently once cleaned; a null of ours never clears Dolibarr's value. */
function changesFor(tp: Thirdparty, wanted: ThirdpartyFields, userId: string): ThirdpartyChanges {
  const changes: ThirdpartyChanges = {};
  if (wanted.name && wanted.name !== tp.name) changes.name = wanted.name;
  if (wanted.email && wanted.email !== tp.email) changes.email = wanted.email;
  if (wanted.phone && wanted.phone !== tp.phone) changes.phone = wanted.phone;
  if (tp.refExt !== userId) changes.refExt = userId;
  return changes;
}

async function create(ctx: PushContext, userId: string, fields: ThirdpartyFields): Promise<number> {
  const key = `thirdparty:${userId}`;
  await ctx.guard.beforeCreate(key);
  const from = Date.now();
  const id = await ctx.client.createThirdparty({ name: fields.name, email: fields.email, refExt: userId, ...(fields.phone ? { phone: fields.phone } : {}) });
  await ctx.guard.created(key);
  const created = await ctx.client.getThirdparty(id);
  if (created?.modifiedAt) await ctx.sampleClock({ thirdpartyId: id, modifiedAt: created.modifiedAt, from, to: Date.now() });
  return id;
}

/**
 * Finds or creates the customer's thirdparty, brings it up to date when `update` (an invoice only needs it to
 * exist), links it, and tells the user service. Fields are cleaned and fitted as Dolibarr will store them,
 * and what we are about to write is recorded first, so the pull recognises its echo even when the write
 * times out after Dolibarr made it.
 */
export async function pushCustomer(ctx: PushContext, facts: CustomerFacts, options: { update: boolean }): Promise<number> {
  const { fields: wanted, adjusted } = normaliseThirdparty(facts);
  for (const adjustment of adjusted) ctx.note(`customer ${facts.userId}: ${adjustment}`);
  const link = await ctx.links.findOne({ _id: facts.userId });
  const found = await locate(ctx, facts.userId, wanted.email, link);
  const remember = async (written: ThirdpartyFields) =>
    await ctx.links.updateOne({ _id: facts.userId }, { $set: { written, writtenAt: new Date() } }, { upsert: true });

  let dolibarrId: number;
  if (!found) {
    await remember(wanted);
    dolibarrId = await create(ctx, facts.userId, wanted);
  } else {
    dolibarrId = found.id;
    const changes = options.update ? changesFor(found, wanted, facts.userId) : found.refExt ? {} : { refExt: facts.userId };
    const { refExt: _refExt, ...visible } = changes;
    if (Object.keys(visible).length > 0) await remember({ ...fieldsOf(found), ...visible });
    else if (!link?.written) await remember(fieldsOf(found));
    if (Object.keys(changes).length > 0) {
      const from = Date.now();
      const updated = await ctx.client.updateThirdparty(dolibarrId, changes);
      if (updated.modifiedAt) await ctx.sampleClock({ thirdpartyId: dolibarrId, modifiedAt: updated.modifiedAt, from, to: Date.now() });
    }
  }
  if (link?.dolibarrId !== dolibarrId) await ctx.links.updateOne({ _id: facts.userId }, { $set: { dolibarrId } });
  await ctx.bus.publish(
    'crm.customer.linked',
    { userId: facts.userId, dolibarrCustomerId: dolibarrId },
    { id: `crm.customer.linked:${facts.userId}:${dolibarrId}`, correlationId: ctx.correlationId },
  );
  return dolibarrId;
}
