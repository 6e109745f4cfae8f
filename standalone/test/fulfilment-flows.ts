import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Test } from 'tap';
import { waitFor } from '@lumira/testing';
import { mp3, pdf, wav } from '@lumira/testing/media';
import { ADMIN_KEY, type TestSystem } from './harness.js';

let seq = 0;

/** Quoted-printable back to text: soft line breaks joined, `=XX` bytes decoded. */
function unQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r\n/g, '');
  return Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_all, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}

/**
 * Issue 14's "done when", through the gateway: a paid purchase becomes a reading in the queue, an expert
 * claims it, uploads, is refused while something is missing, delivers; the customer is mailed, signs in
 * by the mailed link, downloads each file (the audio with Range); a full refund makes the links fail.
 */
export function fulfilmentFlows(t: Test, storage: 'embedded' | 's3', open: () => Promise<TestSystem>): void {
  let s: TestSystem;
  t.before(async () => {
    s = await open();
  });

  const mails = async (header: string) => {
    const dir = path.join(s.dataDir, 'mail');
    const names = (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.eml'));
    const texts = await Promise.all(names.map(async (n) => await readFile(path.join(dir, n), 'utf8')));
    return texts.filter((text) => text.includes(header));
  };

  t.test('from a paid purchase to the customer listening to the reading, then a refund', async (t) => {
    const email = `reader.${process.pid}.${seq++}@example.com`;
    const created = await s.api('/api/admin/experts', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
      json: { email: `expert.${process.pid}.${seq++}@lumira.test`, name: 'Morgane' },
    });
    t.equal(created.status, 201);
    const expert = { authorization: `Bearer ${created.body.token}` };

    const checkout = await s.api('/api/payments/create-payment-intent', {
      method: 'POST',
      json: { productId: 'intuitive', customerEmail: email, customerName: 'Élise' },
    });
    await s.stripe.paymentIntents.confirm(checkout.body.paymentIntentId, { payment_method: 'pm_card_visa' });
    await s.waitForOrder(checkout.body.orderId, 'completed');

    const queued = await waitFor(
      async () => {
        const page = await s.api('/api/expert/readings?status=queued&level=2&limit=100', { headers: expert });
        return page.body.readings.find((r: { orderId: string }) => r.orderId === checkout.body.orderId);
      },
      { what: 'the reading in the queue' },
    );
    t.match(queued, { status: 'queued', productName: 'Intuitive', missing: ['pdf', 'audio'] });
    const reading = `/api/expert/readings/${queued.id}`;
    t.equal((await s.api(`${reading}/claim`, { method: 'POST', headers: expert })).status, 200);

    const put = (kind: string, body: Buffer) =>
      s.api(`${reading}/files/${kind}`, { method: 'PUT', headers: { ...expert, 'content-type': 'application/octet-stream' }, body: new Uint8Array(body) });
    t.equal((await put('audio', pdf())).status, 415, 'a PDF is not audio, said through the gateway');
    const tooBig = await put('pdf', Buffer.concat([pdf(), Buffer.alloc(70 * 1024)]));
    t.equal(tooBig.status, 413, 'over the PDF limit, refused before the body is read');
    t.equal((await put('audio', mp3(30))).status, 422, 'thirty seconds for a five-minute promise');
    t.equal((await put('pdf', pdf())).status, 201);
    const refused = await s.api(`${reading}/deliver`, { method: 'POST', headers: expert });
    t.equal(refused.status, 422);
    t.same(refused.body.error.missing, ['audio']);
    const recording = wav(300);
    t.equal((await put('audio', recording)).status, 201, 'five minutes of audio, streamed through the gateway');
    t.equal((await s.api(`${reading}/deliver`, { method: 'POST', headers: expert })).body.status, 'delivered');

    const ready = await waitFor(async () => (await mails(`X-Lumira-notificationId: fulfilment.reading.delivered:${checkout.body.orderId}`))[0], {
      what: 'the "ready" mail',
    });
    t.match(unQuotedPrintable(ready), 'Votre lecture « Intuitive » est prête');
    t.match(unQuotedPrintable(ready), 'https://shop.example/espace');

    t.equal((await s.api('/api/access/login', { method: 'POST', json: { email: email.toUpperCase() } })).status, 202);
    const signInMail = await waitFor(
      async () => (await mails('X-Lumira-notificationId: fulfilment.sign-in.requested:')).find((m) => m.includes(`<${email}>`)),
      { what: 'the sign-in mail' },
    );
    const token = /https:\/\/shop\.example\/espace#token=(lsi_[\w-]+)/.exec(unQuotedPrintable(signInMail))?.[1];
    t.ok(token, 'the mail carries the link');
    const session = await s.api('/api/access/session', { method: 'POST', json: { token } });
    t.equal(session.status, 201);
    t.equal((await s.api('/api/access/session', { method: 'POST', json: { token } })).body.error.code, 'SIGN_IN_TOKEN_USED', 'the link works once');
    const customer = { authorization: `Bearer ${session.body.sessionToken}` };

    const me = await s.api('/api/access/me', { headers: customer });
    const mine = me.body.readings.find((r: { orderId: string }) => r.orderId === checkout.body.orderId);
    t.match(mine, { status: 'delivered', level: 2, amount: 1400 });
    const [pdfLink, audioLink] = mine.files;
    const first = await fetch(new URL(pdfLink.url, s.system.gatewayUrl), { redirect: 'manual' });
    t.equal(first.status, storage === 's3' ? 302 : 200, storage === 's3' ? 'a redirect to a presigned S3 URL' : 'served from DATA_DIR');
    t.equal(first.headers.get('cross-origin-resource-policy'), 'cross-origin', "the shop's site may play it in <audio> from another origin");
    const whole = await fetch(new URL(pdfLink.url, s.system.gatewayUrl));
    t.equal(whole.status, 200);
    t.same(Buffer.from(await whole.arrayBuffer()), pdf());
    const seek = await fetch(new URL(audioLink.url, s.system.gatewayUrl), { headers: { range: 'bytes=1000-1999' } });
    t.equal(seek.status, 206, 'the audio seeks with Range');
    t.same(Buffer.from(await seek.arrayBuffer()), recording.subarray(1000, 2000));
    const forged = await s.api(audioLink.url.replace(/signature=[\w-]{5}/, 'signature=AAAAA'));
    t.equal(forged.status, 403, 'a forged link');

    await s.stripe.refunds.create({ payment_intent: checkout.body.paymentIntentId });
    await s.waitForOrder(checkout.body.orderId, 'refunded');
    const revoked = await waitFor(
      async () =>
        (await s.api('/api/access/me', { headers: customer })).body.readings.find(
          (r: { orderId: string; status: string }) => r.orderId === checkout.body.orderId && r.status === 'revoked',
        ),
      { what: 'the revocation' },
    );
    t.match(revoked, { revoked: { reason: 'refunded' }, files: [] });
    for (const link of [pdfLink, audioLink]) t.equal((await s.api(link.url)).status, 410, `${link.kind}: the link fails after the refund`);
  });
}
