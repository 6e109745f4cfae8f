import type { Test } from 'tap';
import { waitFor } from '@lumira/testing';
import { chunked, expertClient } from './helpers/expert-client.js';
import { ADMIN, type Harness } from './helpers/harness.js';
import { mp3, pdf, png, wav } from '@lumira/testing/media';

/** The Expert App's side, over whichever bus and storage `open` gives. */
export function expertFlows(t: Test, open: () => Promise<Harness>): void {
  let h: Harness;
  let x: ReturnType<typeof expertClient>;
  let expert: { id: string; token: string };
  t.before(async () => {
    h = await open();
    x = expertClient(h);
    expert = await x.createExpert();
  });

  t.test("order.completed queues one reading with the level's deliverables, however often it comes", async (t) => {
    const { order, reading } = await x.queue({ productId: 'integrale', level: 4, productName: 'Intégrale', amount: 4900 });
    await h.bus.publish('order.completed', order);
    await h.bus.publish('order.completed', order);
    t.equal(await h.readings.countDocuments({ orderId: order.orderId }), 1);
    t.equal(reading.status, 'queued');
    t.same(reading.deliverables, { pdf: { minPages: 15, maxPages: 15 }, audio: { minutes: 25 }, image: { subject: 'mandala' } });
    t.notMatch(reading._id, new RegExp(order.orderId), 'the id says nothing of the order');
  });

  t.test('experts have their own credentials, made and revoked by the admin', async (t) => {
    t.equal((await h.api('/api/admin/experts', { method: 'POST', json: { email: 'a@b.co', name: 'A' } })).status, 401, 'admin key needed');
    const made = await x.createExpert('Camille');
    t.match(made.token, /^lxp_/);
    const listed = await h.api('/api/admin/experts', { token: ADMIN });
    t.notMatch(JSON.stringify(listed.body), made.token, 'the credential is shown once only');
    t.equal((await h.api('/api/expert/readings', { token: made.token })).status, 200);
    t.equal((await h.api('/api/expert/readings', { token: ADMIN })).status, 401, 'the admin key is not an expert credential');
    t.equal((await h.api('/api/expert/readings')).status, 401);
    const same = await h.api('/api/admin/experts', { method: 'POST', token: ADMIN, json: { email: listed.body.experts.at(-1).email, name: 'Twin' } });
    t.equal(same.status, 409, 'one active expert per address');
    const { reading } = await x.queue();
    t.equal((await x.claim(reading._id, made.token)).status, 200);
    const revoked = await h.api(`/api/admin/experts/${made.id}`, { method: 'DELETE', token: ADMIN });
    t.ok(revoked.body.revokedAt);
    t.equal((await h.api('/api/expert/readings', { token: made.token })).status, 401, 'revoked at once');
    t.equal((await h.readings.findOne({ _id: reading._id }))?.status, 'queued', 'what they held goes back to the queue');
    t.equal((await h.api('/api/admin/experts/exp_nobody', { method: 'DELETE', token: ADMIN })).status, 404);
  });

  t.test('the queue: oldest purchase first, by level, a page at a time', async (t) => {
    const level = 3;
    const queued = [];
    for (let i = 0; i < 5; i++)
      queued.push(
        (
          await x.queue({
            productId: 'alchimique',
            level,
            productName: 'Alchimique',
            amount: 2900,
            completedAt: new Date(Date.UTC(2025, 5, 1, 0, 0, 10 - i)).toISOString(),
          })
        ).reading,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await h.api(`/api/expert/readings?status=queued&level=${level}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: expert.token,
      });
      t.equal(page.status, 200);
      t.ok(page.body.readings.length <= 2);
      seen.push(...page.body.readings.map((r: { id: string }) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const oldestFirst = [...queued].sort((a, b) => a.purchasedAt.getTime() - b.purchasedAt.getTime()).map((r) => r._id);
    t.same(
      seen.filter((id) => oldestFirst.includes(id)),
      oldestFirst,
      'each once, oldest first',
    );
    const one = (await h.api(`/api/expert/readings?level=${level}&limit=1`, { token: expert.token })).body.readings[0];
    t.match(one, { status: 'queued', level, customerName: 'Élise', missing: ['pdf', 'audio'], files: [] });
    t.notOk('customerEmail' in one, "the expert does not get the customer's address");
    for (const bad of ['status=done', 'limit=0', 'limit=101', 'level=abc'])
      t.equal((await h.api(`/api/expert/readings?${bad}`, { token: expert.token })).status, 400, bad);
  });

  t.test('one expert at a time: a claim is exclusive until released', async (t) => {
    const other = await x.createExpert('Other');
    const { reading } = await x.queue();
    t.equal((await x.claim(reading._id, expert.token)).body.status, 'in_progress');
    t.equal((await x.claim(reading._id, expert.token)).status, 200, 'claiming again is harmless');
    const taken = await x.claim(reading._id, other.token);
    t.equal(taken.status, 409);
    t.match(taken.body.error.message, /already claimed/);
    t.equal((await x.upload(reading._id, 'pdf', pdf(), other.token)).status, 403, "someone else's reading");
    t.equal((await x.release(reading._id, other.token)).status, 403);
    t.equal((await x.release(reading._id, expert.token)).body.status, 'queued');
    t.equal((await x.claim(reading._id, other.token)).status, 200, 'released, another expert can take it');
    t.equal((await x.claim('rdg_missing', expert.token)).status, 404);
    const racing = await x.queue();
    const both = await Promise.all([x.claim(racing.reading._id, expert.token), x.claim(racing.reading._id, other.token)]);
    t.same(both.map((r) => r.status).sort(), [200, 409], 'two experts racing: one wins');
  });

  t.test('bad uploads get a clear 4xx and leave nothing behind', async (t) => {
    const { reading } = await x.queue();
    const id = reading._id;
    t.equal((await x.upload(id, 'pdf', pdf(), expert.token)).status, 409, 'not claimed yet');
    await x.claim(id, expert.token);
    const cases: [string, string, Buffer | ReadableStream, number, RegExp][] = [
      ['a PDF sent as audio', 'audio', pdf(), 415, /not an accepted audio file \(it reads as pdf\)/],
      ['HTML sent as a PDF', 'pdf', Buffer.from('<html><script>alert(1)</script></html>'), 415, /not an accepted pdf file/],
      ['a one-minute audio for a five-minute promise', 'audio', wav(60), 422, /lasts 1 min 00 s; this level promises 5 min 00 s/],
      ['a header that promises audio over garbage', 'audio', Buffer.concat([wav(1).subarray(0, 12), Buffer.alloc(200, 0x41)]), 422, /cannot be read/],
      ['an image the level does not include', 'image', png(), 422, /Level 2 does not include a image file/],
      ['a PDF over its limit', 'pdf', Buffer.concat([pdf(), Buffer.alloc(70 * 1024)]), 413, /larger than the limit of 65536 bytes/],
      ['a PDF over its limit, sent chunked', 'pdf', chunked(Buffer.concat([pdf(), Buffer.alloc(70 * 1024)])), 413, /larger than the limit/],
      ['an empty body', 'pdf', Buffer.alloc(0), 400, /empty/],
      ['an unknown kind', 'video', pdf(), 400, /kind/],
    ];
    for (const [what, kind, body, status, message] of cases) {
      const res = await x.upload(id, kind, body, expert.token);
      t.equal(res.status, status, what);
      t.match(res.body.error?.message, message, `${what}: says why`);
    }
    t.same((await h.readings.findOne({ _id: id }))?.files, {}, 'nothing recorded');
    t.same(await h.objects(), [], 'nothing stored');
    t.same(await h.partials(), [], 'no partial file');
  });

  t.test('an upload cut off midway leaves no partial file and no record', async (t) => {
    const { reading } = await x.queue();
    await x.claim(reading._id, expert.token);
    const before = await h.objects();
    const { request } = await import('node:http');
    const req = request(new URL(`/api/expert/readings/${reading._id}/files/audio`, h.url), {
      method: 'PUT',
      headers: { authorization: `Bearer ${expert.token}`, 'content-length': '200000' },
    });
    req.on('error', () => undefined);
    req.write(wav(300).subarray(0, 50_000));
    await waitFor(async () => (await h.partials()).length === 1, { what: 'the upload under way' });
    req.destroy();
    await waitFor(async () => (await h.partials()).length === 0, { what: 'the partial file removed' });
    t.same((await h.readings.findOne({ _id: reading._id }))?.files, {});
    t.same(await h.objects(), before);
  });

  t.test('delivery is refused with the list of what is missing, then accepted; files change only before', async (t) => {
    const { reading, order } = await x.queue();
    const id = reading._id;
    await x.claim(id, expert.token);
    const none = await x.deliver(id, expert.token);
    t.equal(none.status, 422);
    t.same(none.body.error.missing, ['pdf', 'audio']);
    t.match(none.body.error.message, /missing pdf, audio/);
    const first = await x.upload(id, 'pdf', pdf('first'), expert.token);
    t.equal(first.status, 201);
    t.same(first.body.missing, ['audio']);
    const replaced = await x.upload(id, 'pdf', pdf('second'), expert.token);
    t.equal(replaced.status, 201, 'a second PDF replaces the first');
    t.equal((await h.objects()).filter((k) => k.includes(id)).length, 1, 'the replaced object is gone');
    const missingAudio = await x.deliver(id, expert.token);
    t.same(missingAudio.body.error.missing, ['audio']);
    const audio = await x.upload(id, 'audio', mp3(290), expert.token);
    t.equal(audio.status, 201, 'an MP3 of 4 min 50 s for a 5-minute promise');
    const recorded = audio.body.files.find((f: { kind: string }) => f.kind === 'audio');
    t.match(recorded, { contentType: 'audio/mpeg', size: mp3(290).length });
    t.ok(Math.abs(recorded.durationSeconds - 290) < 1, 'the measured length is recorded');
    t.equal((await x.remove(id, 'audio', expert.token)).status, 200, 'removed before delivery');
    t.same((await x.deliver(id, expert.token)).body.error.missing, ['audio']);
    t.equal((await x.upload(id, 'audio', wav(300), expert.token)).status, 201);
    const delivered = await x.deliver(id, expert.token);
    t.equal(delivered.status, 200);
    t.equal(delivered.body.status, 'delivered');
    const event = await waitFor(
      () => h.events.find((e) => e.type === 'fulfilment.reading.delivered' && (e.data as { orderId: string }).orderId === order.orderId),
      { what: 'the delivered event' },
    );
    t.match(event.data, { readingId: id, customerEmail: order.customerEmail, productName: 'Intuitive', locale: 'fr' });
    t.equal((await x.upload(id, 'pdf', pdf(), expert.token)).status, 409, 'no change after delivery');
    t.equal((await x.remove(id, 'pdf', expert.token)).status, 409);
    t.equal((await x.deliver(id, expert.token)).status, 409, 'delivered once');
    t.equal((await h.objects()).filter((k) => k.includes(id)).length, 2, 'one PDF and one audio kept');
  });

  t.test('preview links from the Expert App serve the file, with Range, and refuse forgeries', async (t) => {
    const { reading } = await x.queue({ productId: 'simple', level: 1, productName: 'Simple', amount: 0, free: true });
    await x.claim(reading._id, expert.token);
    const image = png();
    const res = await x.upload(reading._id, 'image', image, expert.token);
    const link: string = res.body.files[0].url;
    t.match(link, /^\/api\/files\/rdg_[\w-]+\/fil_[\w-]+\?expires=\d+&signature=[\w-]+$/);
    const whole = await fetch(new URL(link, h.url));
    t.equal(whole.status, 200);
    t.equal(whole.headers.get('content-type'), 'image/png');
    t.same(Buffer.from(await whole.arrayBuffer()), image);
    const part = await fetch(new URL(link, h.url), { headers: { range: 'bytes=1-3' } });
    t.equal(part.status, 206);
    t.same(Buffer.from(await part.arrayBuffer()), image.subarray(1, 4));
    const forged = await h.api(link.replace(/signature=[\w-]+/, 'signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'));
    t.equal(forged.status, 403);
    t.equal(forged.body.error.code, 'DOWNLOAD_LINK_INVALID');
    const later = await h.api(link.replace(/expires=\d+/, 'expires=4102444800'));
    t.equal(later.status, 403, 'a longer life is a forgery');
  });
}
