import type { Test } from 'tap';
import type { Bus } from '@lumira/bus';
import { loadConfig } from '@lumira/config';
import type { EventData } from '@lumira/contracts';
import type { ServiceApp } from '@lumira/http';
import { notificationService } from '@lumira/notification';
import { createSendgridEmulator } from '@lumira/sendgrid-emulator';
import { openStore, type StoreRoot } from '@lumira/store';
import { tempDir, testLogger, waitFor } from '@lumira/testing';

const ADMIN = 'admin-key-for-notification-tests';
let seq = 0;

export function facts(locale: 'fr' | 'en' = 'fr', over: Partial<EventData<'order.completed'>> = {}): EventData<'order.completed'> {
  return {
    orderId: `ord_n${process.pid}x${seq++}`,
    userId: 'usr_1',
    customerEmail: 'elise@example.com',
    customerName: 'Élise <b>',
    locale,
    productId: 'intuitive',
    level: 2,
    productName: 'Intuitive',
    amount: 1400,
    currency: 'eur',
    free: false,
    paymentIntentId: 'pi_1',
    completedAt: new Date().toISOString(),
    ...over,
  };
}

/** Issue 4's cases against the SendGrid emulator, over whichever bus `openBus` gives. */
export function notificationFlows(t: Test, openBus: () => Promise<Bus>): void {
  let bus: Bus;
  let root: StoreRoot;
  let app: ServiceApp;
  let dataDir: string;
  const sendgrid = createSendgridEmulator({ apiKey: 'SG.test-key', logger: false });
  let env: Record<string, string>;

  const build = async () => {
    app = await notificationService.build({
      config: loadConfig('notification', notificationService.configSpec, env),
      logger: testLogger(),
      bus,
      store: root.forService('notification'),
    });
    // Ready starts the mail sender, as the runtime does once every service is built.
    await app.ready();
    return app;
  };
  const mailsFor = (orderId: string) => sendgrid.messages().filter((m) => JSON.stringify(m.body).includes(orderId));
  const admin = async (url: string, method: 'GET' | 'POST' = 'GET') => await app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN}` } });

  t.before(async () => {
    const data = await tempDir();
    dataDir = data.dir;
    t.teardown(() => data.remove());
    bus = await openBus();
    root = await openStore({ dataDir, ttlSweepMs: 100 });
    env = {
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      ADMIN_API_KEY: ADMIN,
      SENDGRID_API_KEY: 'SG.test-key',
      SENDGRID_API_BASE: await sendgrid.listen(),
      NOTIFICATION_RETRY_BASE_MS: '20',
      NOTIFICATION_RETRY_MAX_MS: '100',
      NOTIFICATION_POLL_MS: '20',
      ACCESS_URL: 'https://space.lumira.example/',
    };
    await build();
  });
  t.teardown(async () => {
    await app.close();
    await bus.close();
    await root.close();
    await sendgrid.close();
  });

  t.test('each event type gives one mail in the customer language', async (t) => {
    const fr = facts('fr');
    const en = facts('en');
    await bus.publish('order.completed', fr);
    await bus.publish('order.failed', {
      ...en,
      failure: { code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
      failedAt: new Date().toISOString(),
    } as never);
    const refunded = facts('fr');
    await bus.publish('order.refunded', {
      ...refunded,
      refundId: 're_a',
      amountRefunded: 1400,
      totalRefunded: 1400,
      full: true,
      accessStatus: 'revoked',
      refundedAt: new Date().toISOString(),
    });
    await waitFor(() => mailsFor(fr.orderId).length && mailsFor(en.orderId).length && mailsFor(refunded.orderId).length, { what: 'three mails' });
    const confirmation = mailsFor(fr.orderId)[0]!.body as {
      subject: string;
      personalizations: { to: { email: string }[] }[];
      content: { type: string; value: string }[];
      from: { email: string };
    };
    t.equal(confirmation.personalizations[0]!.to[0]!.email, 'elise@example.com');
    t.same(
      confirmation.content.map((c) => c.type),
      ['text/plain', 'text/html'],
    );
    t.match(confirmation.content[1]!.value, /14,00\s€/, 'French amount');
    t.match(confirmation.content[1]!.value, /Bonjour Élise,/, 'the name, without its markup');
    t.notMatch(confirmation.content[1]!.value, /<b>|&lt;b&gt;/);
    const failure = mailsFor(en.orderId)[0]!.body as { subject: string; content: { value: string }[] };
    t.match(failure.content[0]!.value, /fund/i, 'English wording of the reason');
    // SendGrid has the mail a moment before we record it as sent.
    const listed = await waitFor(
      async () => (await admin(`/api/admin/notifications?orderId=${fr.orderId}`)).json().notifications.find((n: { status: string }) => n.status === 'sent'),
      { what: 'sent status' },
    );
    t.equal(listed.attempts, 1);
  });

  t.test('a name that carries a link is sent without it, in the body and in the To header', async (t) => {
    const f = facts('en', { customerName: 'Win at https://evil.example now' });
    await bus.publish('order.completed', f);
    await waitFor(() => mailsFor(f.orderId).length, { what: 'the mail' });
    const body = mailsFor(f.orderId)[0]!.body as { personalizations: { to: { name?: string }[] }[]; content: { value: string }[] };
    t.equal(body.personalizations[0]!.to[0]!.name, 'Win at now');
    t.notMatch(JSON.stringify(body), /evil\.example/);
  });

  t.test('"your reading is ready" and the sign-in link are mailed once each', async (t) => {
    const order = facts('fr');
    const delivered = {
      readingId: `rdg_${order.orderId}`,
      orderId: order.orderId,
      customerEmail: order.customerEmail,
      customerName: 'Élise',
      locale: 'fr' as const,
      productId: 'intuitive',
      productName: 'Intuitive',
      level: 2,
      deliveredAt: new Date().toISOString(),
    };
    await bus.publish('fulfilment.reading.delivered', delivered);
    await bus.publish('fulfilment.reading.delivered', delivered);
    const signIn = {
      signInId: `sgn_${process.pid}`,
      customerEmail: order.customerEmail,
      customerName: null,
      locale: 'en' as const,
      token: `lsi_${'t'.repeat(40)}`,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    };
    await bus.publish('fulfilment.sign-in.requested', signIn);
    const signInMails = () => sendgrid.messages().filter((m) => JSON.stringify(m.body).includes(signIn.token));
    await waitFor(() => mailsFor(order.orderId).length === 1 && signInMails().length === 1, { what: 'both mails' });
    const ready = mailsFor(order.orderId)[0]!.body as { subject: string; custom_args: Record<string, string> };
    t.equal(ready.subject, 'Votre lecture est prête : Intuitive');
    const link = signInMails()[0]!.body as { subject: string; content: { value: string }[]; custom_args: Record<string, string> };
    t.equal(link.subject, 'Your sign-in link to Oracle Lumira');
    t.match(link.content[1]!.value, `https://space.lumira.example/#token=${signIn.token}`);
    t.same(link.custom_args, { notificationId: `fulfilment.sign-in.requested:${signIn.signInId}` }, 'no order id for a sign-in mail');
    const listed = await admin(`/api/admin/notifications?orderId=${order.orderId}`);
    t.same(
      listed.json().notifications.map((n: { kind: string }) => n.kind),
      ['fulfilment.reading.delivered'],
    );
  });

  t.test('each refund of an order is a mail of its own; a returned refund one more; repeats none', async (t) => {
    const order = facts('fr');
    const at = new Date().toISOString();
    const refund = (refundId: string, amountRefunded: number, totalRefunded: number) => ({
      ...order,
      refundId,
      amountRefunded,
      totalRefunded,
      full: totalRefunded === order.amount,
      accessStatus: 'active' as const,
      refundedAt: at,
    });
    for (const data of [refund('re_1', 400, 400), refund('re_2', 300, 700), refund('re_1', 400, 400)])
      await bus.publish('order.refunded', data, { id: `order.refunded:${data.refundId}` });
    await bus.publish(
      'order.refund_failed',
      { ...order, refundId: 're_2', amountFailed: 300, totalRefunded: 400, reason: 'expired_or_canceled_card', accessStatus: 'active', failedAt: at },
      { id: 'order.refund_failed:re_2' },
    );
    await waitFor(() => mailsFor(order.orderId).length === 3, { what: 'three mails' });
    const listed = await waitFor(
      async () => {
        const { notifications } = (await admin(`/api/admin/notifications?orderId=${order.orderId}`)).json() as {
          notifications: { id: string; kind: string }[];
        };
        return notifications.length === 3 ? notifications : undefined;
      },
      { what: 'three notifications' },
    );
    t.same(listed.map((n) => n.id).sort(), [
      `order.refund_failed:${order.orderId}:re_2`,
      `order.refunded:${order.orderId}:re_1`,
      `order.refunded:${order.orderId}:re_2`,
    ]);
    const subjects = mailsFor(order.orderId)
      .map((m) => (m.body as { subject: string }).subject)
      .sort();
    t.same(subjects, ['Votre remboursement : Intuitive', 'Votre remboursement : Intuitive', "Votre remboursement n'a pas abouti : Intuitive"]);
  });

  t.test('the same event delivered five times sends one mail', async (t) => {
    const f = facts();
    const { makeEnvelope } = await import('@lumira/contracts');
    const env1 = makeEnvelope('order.completed', f, { id: `dup-${f.orderId}` });
    for (let i = 0; i < 5; i++) await bus.publishEnvelope({ ...env1, id: `${env1.id}-${i}` });
    await waitFor(() => mailsFor(f.orderId).length === 1, { what: 'the mail' });
    await new Promise((r) => setTimeout(r, 200));
    t.equal(mailsFor(f.orderId).length, 1);
  });

  t.test('429 with Retry-After, then 202: one mail, after the wait', async (t) => {
    sendgrid.injectFailure({ status: 429, times: 1, retryAfterSeconds: 1 });
    const f = facts();
    const started = Date.now();
    await bus.publish('order.completed', f);
    await waitFor(() => mailsFor(f.orderId).length === 1, { what: 'the mail after throttling' });
    t.ok(Date.now() - started >= 950, `waited for Retry-After (${Date.now() - started} ms)`);
    const n = (await admin(`/api/admin/notifications?orderId=${f.orderId}`)).json().notifications[0];
    t.equal(n.attempts, 2);
  });

  t.test('500 three times then 202: one mail', async (t) => {
    sendgrid.injectFailure({ status: 500, times: 3 });
    const f = facts();
    await bus.publish('order.completed', f);
    await waitFor(() => mailsFor(f.orderId).length === 1, { what: 'the mail after outages' });
    t.equal((await admin(`/api/admin/notifications?orderId=${f.orderId}`)).json().notifications[0].attempts, 4);
  });

  t.test('400 is dead at once, listed, and can be retried once fixed', async (t) => {
    sendgrid.injectFailure({ status: 400, times: 1, errors: [{ message: 'The from email does not contain a valid address.', field: 'from.email' }] });
    const f = facts();
    await bus.publish('order.completed', f);
    const dead = await waitFor(async () => (await admin(`/api/admin/notifications?status=dead&orderId=${f.orderId}`)).json().notifications[0], {
      what: 'dead notification',
    });
    t.match(dead.lastError, /from email/);
    t.notMatch(dead.lastError, /elise@example\.com|SG\.test-key/, 'no address nor key in the error');
    t.equal(mailsFor(f.orderId).length, 0);
    t.equal((await app.inject({ method: 'POST', url: `/api/admin/notifications/${encodeURIComponent(dead.id)}/retry` })).statusCode, 401);
    const retried = await admin(`/api/admin/notifications/${encodeURIComponent(dead.id)}/retry`, 'POST');
    t.equal(retried.statusCode, 202);
    await waitFor(() => mailsFor(f.orderId).length === 1, { what: 'the retried mail' });
    t.equal((await admin(`/api/admin/notifications/${encodeURIComponent(dead.id)}/retry`, 'POST')).statusCode, 409, 'only dead ones');
    t.equal((await admin('/api/admin/notifications/nope/retry', 'POST')).statusCode, 404);
  });

  t.test('metrics count sent, retried, failed and dead mails, and time from event to sent', async (t) => {
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const value = (name: string) => Number(new RegExp(`^${name}\\{[^}]*kind="order.completed"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    t.ok(value('notifications_sent_total') >= 1, 'sent');
    t.ok(value('notifications_retried_total') >= 1, 'retried');
    t.ok(value('notifications_failed_total') >= 1, 'failed');
    t.ok(value('notifications_dead_total') >= 1, 'dead');
    t.ok(value('notification_event_to_sent_seconds_count') >= 1, 'event-to-sent histogram');
    t.notMatch(text, /example\.com/, 'no address in the metrics');
  });

  t.test('sent notifications expire after the retention; dead ones stay for a person', async (t) => {
    const sent = facts();
    await bus.publish('order.completed', sent);
    await waitFor(() => mailsFor(sent.orderId).length === 1, { what: 'the mail' });
    const notifications = root.forService('notification').collection<{ _id: string; sentAt: Date | null; status: string }>('notifications');
    await waitFor(async () => (await notifications.findOne({ _id: `order.completed:${sent.orderId}` }))?.status === 'sent', { what: 'sent recorded' });
    sendgrid.injectFailure({ status: 400, times: 1 });
    const dead = facts();
    await bus.publish('order.completed', dead);
    await waitFor(async () => (await notifications.findOne({ _id: `order.completed:${dead.orderId}` }))?.status === 'dead', { what: 'the dead one' });
    // Sent 91 days ago, as far as the store can tell.
    const longAgo = new Date(Date.now() - 91 * 86_400_000);
    await notifications.updateOne({ _id: `order.completed:${sent.orderId}` }, { $set: { sentAt: longAgo } });
    await waitFor(async () => (await notifications.findOne({ _id: `order.completed:${sent.orderId}` })) === null, { what: 'the expiry' });
    t.ok(await notifications.findOne({ _id: `order.completed:${dead.orderId}` }), 'a dead mail is kept');
  });

  t.test('a restart in the middle of a backoff still sends the mail once', async (t) => {
    sendgrid.injectFailure({ status: 503, times: 1, retryAfterSeconds: 1 });
    const f = facts();
    await bus.publish('order.completed', f);
    await waitFor(async () => (await admin(`/api/admin/notifications?orderId=${f.orderId}`)).json().notifications[0]?.status === 'failed', {
      what: 'first failure',
    });
    await app.close();
    await build();
    await waitFor(() => mailsFor(f.orderId).length === 1, { what: 'the mail after restart', timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 200));
    t.equal(mailsFor(f.orderId).length, 1);
  });
}
