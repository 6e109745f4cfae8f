import type { Test } from 'tap';
import { waitFor } from '@lumira/testing';
import type { SignInDoc } from '../src/access/customer-access.js';
import { expertClient } from './helpers/expert-client.js';
import { ADMIN, type Harness } from './helpers/harness.js';
import { pdf, png, wav } from '@lumira/testing/media';

/** The customer space and the revocation of access, over whichever bus and storage `open` gives. */
export function accessFlows(t: Test, open: () => Promise<Harness>): void {
  let h: Harness;
  let x: ReturnType<typeof expertClient>;
  let expert: { id: string; token: string };
  let ip = 0;
  /** Each test signs in from an address of its own, so the per-IP allowance of one does not spill over. */
  const fromIp = () => ({ 'x-forwarded-for': `203.0.113.${++ip}` });
  t.before(async () => {
    h = await open();
    x = expertClient(h);
    expert = await x.createExpert('Access tests');
  });

  async function deliveredReading(over: Parameters<typeof x.queue>[0] = {}) {
    const { order, reading } = await x.queue(over);
    await x.claim(reading._id, expert.token);
    await x.upload(reading._id, 'pdf', pdf(), expert.token);
    await x.upload(reading._id, 'audio', wav(300), expert.token);
    const delivered = await x.deliver(reading._id, expert.token);
    if (delivered.status !== 200) throw new Error(`not delivered: ${JSON.stringify(delivered.body)}`);
    return { order, reading };
  }
  const linkFor = async (email: string, headers = fromIp()) => {
    const before = h.events.length;
    const res = await h.api('/api/access/login', { method: 'POST', json: { email }, headers });
    return {
      res,
      event: () =>
        h.events
          .slice(before)
          .find((e) => e.type === 'fulfilment.sign-in.requested' && (e.data as { customerEmail: string }).customerEmail === email.toLowerCase()),
    };
  };
  async function signIn(email: string): Promise<string> {
    const { event } = await linkFor(email);
    const mailed = await waitFor(event, { what: 'the sign-in event' });
    const session = await h.api('/api/access/session', { method: 'POST', json: { token: (mailed.data as { token: string }).token } });
    if (session.status !== 201) throw new Error(`no session: ${JSON.stringify(session.body)}`);
    return session.body.sessionToken;
  }

  t.test('sign-in: always 202, a link only for an address with purchases, exchanged once for a session', async (t) => {
    const { order } = await deliveredReading();
    const known = await linkFor(order.customerEmail.toUpperCase());
    const unknown = await linkFor(`nobody.${process.pid}@example.com`);
    t.equal(known.res.status, 202);
    t.same(unknown.res.body, known.res.body, 'the same answer either way');
    const mailed = await waitFor(known.event, { what: 'the sign-in event' });
    t.match(mailed.data, { customerEmail: order.customerEmail, customerName: 'Élise', locale: 'fr' });
    const token = (mailed.data as { token: string }).token;
    const stored = await h.store.collection<SignInDoc>('signIns').find({});
    t.notOk(JSON.stringify(stored).includes(token), 'the token is kept only as a hash');
    t.notOk(unknown.event(), 'nothing is mailed to an address without purchases');

    const session = await h.api('/api/access/session', { method: 'POST', json: { token } });
    t.equal(session.status, 201);
    t.match(session.body.sessionToken, /^lss_/);
    const again = await h.api('/api/access/session', { method: 'POST', json: { token } });
    t.equal(again.status, 401);
    t.equal(again.body.error.code, 'SIGN_IN_TOKEN_USED');
    const made = await h.api('/api/access/session', { method: 'POST', json: { token: 'lsi_madeupmadeupmadeupmadeupmadeup' } });
    t.equal(made.body.error.code, 'SIGN_IN_TOKEN_INVALID');
    t.equal((await h.api('/api/access/session', { method: 'POST', json: { token: 'short' } })).status, 400);
  });

  t.test('an expired sign-in link is refused as expired', async (t) => {
    const { order } = await x.queue();
    const { event } = await linkFor(order.customerEmail);
    const token = ((await waitFor(event, { what: 'the sign-in event' })).data as { token: string }).token;
    await h.store
      .collection<SignInDoc>('signIns')
      .updateOne({ email: order.customerEmail, usedAt: null }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await h.api('/api/access/session', { method: 'POST', json: { token } });
    t.equal(res.status, 401);
    t.equal(res.body.error.code, 'SIGN_IN_TOKEN_EXPIRED');
  });

  t.test('me: each purchase, its state and, once delivered, links that download each file', async (t) => {
    const { order, reading } = await deliveredReading();
    const waiting = await x.queue({ customerEmail: order.customerEmail, productId: 'simple', level: 1, productName: 'Simple', amount: 0, free: true });
    const session = await signIn(order.customerEmail);
    const me = await h.api('/api/access/me', { token: session });
    t.equal(me.status, 200);
    t.equal(me.body.email, order.customerEmail);
    const [latest, first] = me.body.readings;
    t.match(latest, { orderId: waiting.order.orderId, status: 'queued', files: [], promised: { image: { subject: 'carte' } } });
    t.match(first, { readingId: reading._id, orderId: order.orderId, level: 2, amount: 1400, status: 'delivered', suspended: null, revoked: null });
    t.same(
      first.files.map((f: { kind: string }) => f.kind),
      ['pdf', 'audio'],
    );
    const audio = first.files[1];
    const whole = await fetch(new URL(audio.url, h.url));
    t.equal(whole.status, 200);
    t.same(Buffer.from(await whole.arrayBuffer()), wav(300));
    const seek = await fetch(new URL(audio.url, h.url), { headers: { range: 'bytes=44-99' } });
    t.equal(seek.status, 206, 'an audio player seeks');
    if (h.storage === 'embedded') t.equal(seek.headers.get('content-range'), `bytes 44-99/${wav(300).length}`);
    t.same(Buffer.from(await seek.arrayBuffer()), wav(300).subarray(44, 100));
    const pdfFile = await fetch(new URL(first.files[0].url, h.url));
    t.same(Buffer.from(await pdfFile.arrayBuffer()), pdf());
    t.equal((await h.api('/api/access/me')).status, 401, 'no session, no space');
    t.equal((await h.api('/api/access/me', { token: 'lss_not-a-session-not-a-session' })).status, 401);
  });

  t.test('on S3 a link answers with a short presigned redirect; locally it is served by the service', async (t) => {
    const { order } = await deliveredReading();
    const me = await h.api('/api/access/me', { token: await signIn(order.customerEmail) });
    const res = await fetch(new URL(me.body.readings[0].files[0].url, h.url), { redirect: 'manual' });
    if (h.storage === 's3') {
      t.equal(res.status, 302);
      t.match(res.headers.get('location'), /X-Amz-Expires=120/);
      t.notMatch(res.headers.get('location'), /example\.com|Élise/, 'no customer data in the object URL');
    } else {
      t.equal(res.status, 200);
      t.equal(res.headers.get('accept-ranges'), 'bytes');
    }
    t.equal(res.headers.get('cache-control'), 'private, no-store');
  });

  t.test('sign-out ends the session; sign-out everywhere ends them all', async (t) => {
    const { order } = await x.queue();
    const one = await signIn(order.customerEmail);
    const two = await signIn(order.customerEmail);
    t.equal((await h.api('/api/access/session', { method: 'DELETE', token: one })).status, 204);
    t.equal((await h.api('/api/access/me', { token: one })).status, 401);
    t.equal((await h.api('/api/access/me', { token: two })).status, 200, 'the other session lives');
    const three = await signIn(order.customerEmail);
    t.equal((await h.api('/api/access/sessions', { method: 'DELETE', token: three })).status, 204);
    t.equal((await h.api('/api/access/me', { token: two })).status, 401);
  });

  t.test('sign-in requests are limited per IP (429) and per address (silently)', async (t) => {
    const headers = fromIp();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await h.api('/api/access/login', { method: 'POST', json: { email: `spray${i}.${process.pid}@example.com` }, headers })).status);
    t.same(statuses, [202, 202, 202, 202, 202, 429, 429], 'SIGN_IN_PER_IP=5 in these tests');
    const limited = await h.api('/api/access/login', { method: 'POST', json: { email: 'x@example.com' }, headers });
    t.ok(Number(limited.headers.get('retry-after')) > 0);

    const { order } = await x.queue();
    const mails = () =>
      h.events.filter((e) => e.type === 'fulfilment.sign-in.requested' && (e.data as { customerEmail: string }).customerEmail === order.customerEmail).length;
    for (let i = 0; i < 5; i++) t.equal((await linkFor(order.customerEmail)).res.status, 202);
    await waitFor(() => mails() === 3, { what: 'three links' });
    t.equal(mails(), 3, 'SIGN_IN_PER_ADDRESS=3: the rest are answered alike and not sent');
  });

  t.test('a full refund revokes the reading: links fail and me says why; a partial one changes nothing', async (t) => {
    const partial = await deliveredReading();
    await h.bus.publish('order.refunded', { ...partial.order, amountRefunded: 400, refundedAt: new Date().toISOString() });
    const full = await deliveredReading();
    const session = await signIn(full.order.customerEmail);
    const before = (await h.api('/api/access/me', { token: session })).body.readings[0];
    await h.bus.publish('order.refunded', { ...full.order, amountRefunded: 1400, refundedAt: new Date().toISOString() });
    await waitFor(async () => (await h.readings.findOne({ _id: full.reading._id }))?.status === 'revoked', { what: 'revocation' });
    for (const file of before.files) {
      const res = await h.api(file.url);
      t.equal(res.status, 410, `${file.kind}: the link fails`);
      t.match(res.body.error.message, /refunded/);
    }
    const after = (await h.api('/api/access/me', { token: session })).body.readings[0];
    t.match(after, { status: 'revoked', revoked: { reason: 'refunded' }, files: [] });
    t.equal((await h.readings.findOne({ _id: partial.reading._id }))?.status, 'delivered', 'the partial refund left it delivered');
  });

  const iso = () => new Date().toISOString();
  type Order = Awaited<ReturnType<typeof x.queue>>['order'];
  const money = {
    disputed: (order: Order, disputeId: string) =>
      h.bus.publish('order.disputed', {
        ...order,
        disputeId,
        amountDisputed: order.amount,
        reason: 'fraudulent',
        status: 'needs_response',
        accessStatus: 'suspended',
        disputedAt: iso(),
      }),
    closed: (order: Order, disputeId: string, outcome: 'won' | 'lost') =>
      h.bus.publish('order.dispute_closed', {
        ...order,
        disputeId,
        amountDisputed: order.amount,
        outcome,
        status: outcome,
        accessStatus: outcome === 'won' ? 'active' : 'revoked',
        closedAt: iso(),
      }),
    refunded: (order: Order, refundId: string, amount: number, total: number) =>
      h.bus.publish('order.refunded', {
        ...order,
        refundId,
        amountRefunded: amount,
        totalRefunded: total,
        full: total >= order.amount,
        accessStatus: total >= order.amount ? 'revoked' : 'active',
        refundedAt: iso(),
      }),
    failed: (order: Order, refundId: string, amount: number, total: number) =>
      h.bus.publish('order.refund_failed', {
        ...order,
        refundId,
        amountFailed: amount,
        totalRefunded: total,
        reason: 'expired_or_canceled_card',
        accessStatus: 'active',
        failedAt: iso(),
      }),
  };
  const statusOf = async (orderId: string) => (await h.readings.findOne({ orderId }))?.status;
  const settles = async (orderId: string, status: string, what: string) => await waitFor(async () => (await statusOf(orderId)) === status, { what });

  t.test('a dispute suspends the reading and its links; won, it is back; lost, it is revoked', async (t) => {
    const { order } = await deliveredReading();
    const session = await signIn(order.customerEmail);
    const [file] = (await h.api('/api/access/me', { token: session })).body.readings[0].files;
    await money.disputed(order, 'dp_won');
    await settles(order.orderId, 'suspended', 'the suspension');
    const suspended = await h.api(file.url);
    t.equal(suspended.status, 403);
    t.equal(suspended.body.error.code, 'ACCESS_SUSPENDED');
    t.match((await h.api('/api/access/me', { token: session })).body.readings[0], { status: 'suspended', suspended: { reason: 'dispute_open' }, files: [] });
    await money.closed(order, 'dp_won', 'won');
    await settles(order.orderId, 'delivered', 'the reinstatement');
    t.equal((await fetch(new URL(file.url, h.url))).status, 200, 'the dispute won, the same link works again');
    await money.disputed(order, 'dp_lost');
    await settles(order.orderId, 'suspended', 'the second suspension');
    await money.closed(order, 'dp_lost', 'lost');
    await settles(order.orderId, 'revoked', 'the revocation');
    const lost = await h.api(file.url);
    t.equal(lost.status, 410);
    t.match(lost.body.error.message, /dispute lost/);
    t.match((await h.api('/api/access/me', { token: session })).body.readings[0], { status: 'revoked', revoked: { reason: 'dispute_lost' } });

    const waiting = await x.queue();
    await money.disputed(waiting.order, 'dp_q');
    await settles(waiting.order.orderId, 'suspended', 'the queued reading suspended');
    const claim = await x.claim(waiting.reading._id, expert.token);
    t.equal(claim.status, 409, 'no work on a suspended reading');
    t.match(claim.body.error.message, /dispute/);
    await money.closed(waiting.order, 'dp_q', 'won');
    await settles(waiting.order.orderId, 'queued', 'back where it was');
  });

  t.test('a dispute closed before it was seen opening, and repeats, end where the dispute did', async (t) => {
    const won = await x.queue();
    await money.closed(won.order, 'dp_early_won', 'won');
    await money.disputed(won.order, 'dp_early_won');
    await money.disputed(won.order, 'dp_early_won');
    const lost = await x.queue();
    await money.closed(lost.order, 'dp_early_lost', 'lost');
    await money.disputed(lost.order, 'dp_early_lost');
    await settles(lost.order.orderId, 'revoked', 'the lost dispute');
    await money.closed(lost.order, 'dp_early_lost', 'lost');
    const marker = await x.queue();
    await money.disputed(marker.order, 'dp_marker');
    await settles(marker.order.orderId, 'suspended', 'a later event handled');
    t.equal(await statusOf(won.order.orderId), 'queued', 'a late "opened" does not suspend a dispute already won');
    const reading = await h.readings.findOne({ orderId: lost.order.orderId });
    t.match(reading, { status: 'revoked', revokedReason: 'dispute_lost', resumeStatus: 'queued' });
    t.equal(reading?.moneyRevision, 1, 'the repeats and the late opening wrote nothing');
  });

  t.test('a full refund that fails gives the reading back; a partial refund never took it', async (t) => {
    const { order } = await deliveredReading();
    await money.refunded(order, 're_part', 400, 400);
    await money.refunded(order, 're_rest', 1000, 1400);
    await settles(order.orderId, 'revoked', 'the full refund');
    t.match(await h.readings.findOne({ orderId: order.orderId }), { revokedReason: 'refunded' });
    await money.failed(order, 're_rest', 1000, 400);
    await settles(order.orderId, 'delivered', 'the failed refund undone');
    await money.refunded(order, 're_rest', 1000, 1400);
    const marker = await x.queue();
    await money.disputed(marker.order, 'dp_marker2');
    await settles(marker.order.orderId, 'suspended', 'a later event handled');
    t.match(
      await h.readings.findOne({ orderId: order.orderId }),
      { status: 'delivered', revokedAt: null, revokedReason: null },
      'a replayed refund does not undo its failure',
    );

    const early = await x.queue();
    await money.failed(early.order, 're_early', 1400, 0);
    await money.refunded(early.order, 're_early', 1400, 1400);
    const marker2 = await x.queue();
    await money.disputed(marker2.order, 'dp_marker3');
    await settles(marker2.order.orderId, 'suspended', 'a later event handled');
    t.equal(await statusOf(early.order.orderId), 'queued', 'a failure seen before its refund: never revoked');
  });

  t.test('a claimed reading held by a refund: its expert removed, the way back leads to the queue', async (t) => {
    const other = await x.createExpert('Leaving expert');
    const { order, reading } = await x.queue();
    t.equal((await x.claim(reading._id, other.token)).status, 200);
    await money.refunded(order, 're_gone', 1400, 1400);
    await settles(order.orderId, 'revoked', 'the revocation');
    t.equal((await h.api(`/api/admin/experts/${other.id}`, { method: 'DELETE', token: ADMIN })).status, 200);
    await money.failed(order, 're_gone', 1400, 0);
    await settles(order.orderId, 'queued', 'back in the queue, unclaimed');
    t.match(await h.readings.findOne({ orderId: order.orderId }), { claimedBy: null });
  });

  t.test('a refund that arrives before its order.completed leaves the order revoked, not queued', async (t) => {
    const { orderFacts } = await import('./helpers/harness.js');
    const order = orderFacts();
    await h.bus.publish('order.refunded', { ...order, amountRefunded: order.amount, refundedAt: new Date().toISOString() });
    await waitFor(() => h.readings.findOne({ orderId: order.orderId }), { what: 'the revoked record' });
    await h.bus.publish('order.completed', order);
    t.equal((await h.readings.findOne({ orderId: order.orderId }))?.status, 'revoked');
    t.equal(await h.readings.countDocuments({ orderId: order.orderId }), 1);
  });

  t.test("a customer's new address follows their readings", async (t) => {
    const { order } = await x.queue({ productId: 'simple', level: 1, productName: 'Simple', amount: 0, free: true });
    const moved = `moved.${process.pid}.${Date.now()}@example.com`;
    await h.bus.publish('user.updated', {
      userId: order.userId,
      email: moved,
      name: null,
      phone: null,
      locale: 'fr',
      changed: ['email'],
      source: 'api',
      updatedAt: new Date().toISOString(),
    });
    await waitFor(async () => (await h.readings.findOne({ orderId: order.orderId }))?.customerEmail === moved, { what: 'the address change' });
    const me = await h.api('/api/access/me', { token: await signIn(moved) });
    t.same(
      me.body.readings.map((r: { orderId: string }) => r.orderId),
      [order.orderId],
    );
  });

  t.test('bad input to the space is a 400 naming the field', async (t) => {
    const res = await h.api('/api/access/login', { method: 'POST', json: { email: 'not-an-email' }, headers: fromIp() });
    t.equal(res.status, 400);
    t.match(res.body.error.message, /email: Please enter a valid email/);
    t.equal((await h.api('/api/access/login', { method: 'POST', body: 'email=a@b.co', headers: { 'content-type': 'text/plain', ...fromIp() } })).status, 415);
    t.equal((await h.api('/api/files/rdg_x/fil_y')).status, 400, 'a link without its signature');
    t.equal((await x.upload('rdg_x', 'image', png(), 'lxp_not-an-expert-not-an-expert')).status, 401);
  });
}
