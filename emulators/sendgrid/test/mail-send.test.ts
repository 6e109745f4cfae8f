import t, { type Test } from 'tap';
import { createSendgridEmulator, maxPayloadBytes } from '../src/index.js';

const apiKey = 'SG.test-key.secret';
const auth = { authorization: `Bearer ${apiKey}` };

const validMail = () => ({
  personalizations: [{ to: [{ email: 'ada@example.com', name: 'Ada' }] }],
  from: { email: 'shop@example.com', name: 'Shop' },
  subject: 'Votre commande',
  content: [
    { type: 'text/plain', value: 'Merci' },
    { type: 'text/html', value: '<p>Merci</p>' },
  ],
});

function setup(t: Test) {
  const sg = createSendgridEmulator({ apiKey, logger: false });
  t.teardown(() => sg.close());
  const send = (payload: unknown, headers: Record<string, string> = auth) =>
    sg.app.inject({ method: 'POST', url: '/v3/mail/send', headers, payload: payload as object });
  return { sg, send };
}

t.test('a valid mail is accepted with 202, an empty body and a message id, and kept in order', async (t) => {
  const { sg, send } = setup(t);
  const first = await send(validMail());
  const second = await send({ ...validMail(), subject: 'Second' });
  t.equal(first.statusCode, 202);
  t.equal(first.body, '');
  t.match(first.headers['x-message-id'], /^[A-Za-z0-9_-]{22}$/);
  t.not(first.headers['x-message-id'], second.headers['x-message-id']);
  const messages = sg.messages();
  t.same(
    messages.map((m) => [m.id, m.body.subject]),
    [
      [first.headers['x-message-id'], 'Votre commande'],
      [second.headers['x-message-id'], 'Second'],
    ],
  );
  t.same(messages[0]?.body, validMail());
  t.ok(Number.isFinite(Date.parse(messages[0]?.receivedAt ?? '')));
});

t.test("a missing or wrong key gets 401 with SendGrid's invalid grant error", async (t) => {
  const { sg, send } = setup(t);
  const expected = {
    errors: [{ message: 'The provided authorization grant is invalid, expired, or revoked', field: null, help: null }],
  };
  const refused: Array<Record<string, string>> = [{}, { authorization: 'Bearer SG.other' }, { authorization: apiKey }];
  for (const headers of refused) {
    const res = await send(validMail(), headers);
    t.equal(res.statusCode, 401);
    t.same(res.json(), expected);
  }
  t.equal(sg.messages().length, 0);
});

t.test('without a configured key any bearer token is accepted', async (t) => {
  const sg = createSendgridEmulator({ logger: false });
  t.teardown(() => sg.close());
  const res = await sg.app.inject({
    method: 'POST',
    url: '/v3/mail/send',
    headers: { authorization: 'Bearer SG.anything' },
    payload: validMail(),
  });
  t.equal(res.statusCode, 202);
});

t.test('invalid bodies get 400 naming the fields like SendGrid', async (t) => {
  const { sg, send } = setup(t);
  const cases: Array<[string, unknown, string[]]> = [
    ['no personalizations', { ...validMail(), personalizations: [] }, ['personalizations']],
    ['no to', { ...validMail(), personalizations: [{}] }, ['personalizations.0.to']],
    ['bad to address', { ...validMail(), personalizations: [{ to: [{ email: 'nope' }] }] }, ['personalizations.0.to.0.email']],
    ['no from email', { ...validMail(), from: { name: 'Shop' } }, ['from.email']],
    ['bad from email', { ...validMail(), from: { email: 'shop' } }, ['from.email']],
    ['no subject', { ...validMail(), subject: '' }, ['subject']],
    ['no content', { ...validMail(), content: undefined }, ['content']],
    ['content item without type and value', { ...validMail(), content: [{ type: 'text/plain', value: 'x' }, {}] }, ['content.1.type', 'content.1.value']],
    [
      'html before text',
      {
        ...validMail(),
        content: [
          { type: 'text/html', value: '<p>x</p>' },
          { type: 'text/plain', value: 'x' },
        ],
      },
      ['content'],
    ],
    ['everything missing', {}, ['personalizations', 'from.email', 'subject', 'content']],
  ];
  for (const [name, payload, fields] of cases) {
    const res = await send(payload);
    t.equal(res.statusCode, 400, name);
    const { errors } = res.json() as { errors: Array<{ message: string; field: string; help: string }> };
    t.same(
      errors.map((e) => e.field),
      fields,
      name,
    );
    for (const e of errors) {
      t.ok(e.message.length > 0, `${name}: message`);
      t.match(e.help, /^http:\/\/sendgrid\.com\/docs\//, `${name}: help`);
    }
  }
  const subjectError = (await send({ ...validMail(), subject: undefined })).json() as { errors: Array<{ message: string }> };
  t.match(subjectError.errors[0]?.message, /^The subject is required/);
  t.equal(sg.messages().length, 0);
});

t.test('a subject in every personalization stands in for the top-level one', async (t) => {
  const { send } = setup(t);
  const mail = { ...validMail(), subject: undefined, personalizations: [{ to: [{ email: 'a@example.com' }], subject: 'Hi' }] };
  t.equal((await send(mail)).statusCode, 202);
});

t.test('a dynamic template mail needs neither subject nor content', async (t) => {
  const { sg, send } = setup(t);
  const res = await send({
    personalizations: [{ to: [{ email: 'ada@example.com' }], dynamic_template_data: { orderId: 'o_1' } }],
    from: { email: 'shop@example.com' },
    template_id: 'd-0123456789abcdef',
  });
  t.equal(res.statusCode, 202);
  t.same(sg.messages()[0]?.body.personalizations, [{ to: [{ email: 'ada@example.com' }], dynamic_template_data: { orderId: 'o_1' } }]);
});

t.test('sandbox mode validates, answers 200 and keeps nothing', async (t) => {
  const { sg, send } = setup(t);
  const res = await send({ ...validMail(), mail_settings: { sandbox_mode: { enable: true } } });
  t.equal(res.statusCode, 200);
  t.equal(sg.messages().length, 0);
});

t.test('malformed JSON gets 400 Bad Request, a wrong content type 415', async (t) => {
  const { sg } = setup(t);
  const broken = await sg.app.inject({
    method: 'POST',
    url: '/v3/mail/send',
    headers: { ...auth, 'content-type': 'application/json' },
    payload: '{"personalizations":',
  });
  t.equal(broken.statusCode, 400);
  t.same(broken.json(), { errors: [{ message: 'Bad Request', field: null, help: null }] });
  const text = await sg.app.inject({
    method: 'POST',
    url: '/v3/mail/send',
    headers: { ...auth, 'content-type': 'text/plain' },
    payload: 'hello',
  });
  t.equal(text.statusCode, 415);
  t.equal((text.json() as { errors: unknown[] }).errors.length, 1);
});

t.test('a body over 30 MB gets 413', async (t) => {
  const { sg } = setup(t);
  const res = await sg.app.inject({
    method: 'POST',
    url: '/v3/mail/send',
    headers: { ...auth, 'content-type': 'application/json' },
    payload: Buffer.alloc(maxPayloadBytes + 1, 0x20),
  });
  t.equal(res.statusCode, 413);
  t.match(res.json(), { errors: [{ message: /too large/, field: null, help: null }] });
});

t.test('an injected 429 fails the next sends with Retry-After, then sends succeed again', async (t) => {
  const { sg, send } = setup(t);
  sg.injectFailure({ status: 429, times: 2, retryAfterSeconds: 7 });
  for (let i = 0; i < 2; i++) {
    const res = await send(validMail());
    t.equal(res.statusCode, 429);
    t.equal(res.headers['retry-after'], '7');
    t.equal(res.headers['x-ratelimit-remaining'], '0');
    t.same(res.json(), { errors: [{ message: 'too many requests', field: null, help: null }] });
  }
  t.equal((await send(validMail())).statusCode, 202);
  t.equal(sg.messages().length, 1);
});

t.test('a 429 without retryAfterSeconds still carries a Retry-After', async (t) => {
  const { sg, send } = setup(t);
  sg.injectFailure({ status: 429 });
  t.equal((await send(validMail())).headers['retry-after'], '1');
});

t.test('injected 5xx and 4xx failures answer with an error body, queued in order', async (t) => {
  const { sg, send } = setup(t);
  sg.injectFailure({ status: 500 });
  sg.injectFailure({ status: 503 });
  sg.injectFailure({ status: 400, errors: [{ message: 'The from address does not match a verified Sender Identity.', field: 'from' }] });
  sg.injectFailure({ status: 401 });
  const statuses = [];
  const bodies = [];
  for (let i = 0; i < 4; i++) {
    const res = await send(validMail());
    statuses.push(res.statusCode);
    bodies.push(res.json());
  }
  t.same(statuses, [500, 503, 400, 401]);
  t.same(bodies[0], { errors: [{ message: 'internal error', field: null, help: null }] });
  t.same(bodies[1], { errors: [{ message: 'service unavailable', field: null, help: null }] });
  t.same(bodies[2], {
    errors: [{ message: 'The from address does not match a verified Sender Identity.', field: 'from', help: null }],
  });
  t.same(bodies[3], {
    errors: [{ message: 'The provided authorization grant is invalid, expired, or revoked', field: null, help: null }],
  });
  t.equal(sg.messages().length, 0);
});

t.test('injectFailure refuses a status that is not an error', async (t) => {
  const { sg } = setup(t);
  t.throws(() => sg.injectFailure({ status: 202 }), RangeError);
  t.throws(() => sg.injectFailure({ status: 500, times: 0 }), RangeError);
});

t.test('reset forgets mails and pending failures', async (t) => {
  const { sg, send } = setup(t);
  await send(validMail());
  sg.injectFailure({ status: 500, times: 3 });
  sg.reset();
  t.equal(sg.messages().length, 0);
  t.equal((await send(validMail())).statusCode, 202);
});

t.test("unknown routes answer 404 in SendGrid's error shape", async (t) => {
  const { sg } = setup(t);
  const res = await sg.app.inject({ method: 'GET', url: '/v3/nothing', headers: auth });
  t.equal(res.statusCode, 404);
  t.same(res.json(), { errors: [{ message: 'not found', field: null, help: null }] });
});

t.test('listen returns a base URL a real client can reach', async (t) => {
  const sg = createSendgridEmulator({ apiKey, logger: false });
  t.teardown(() => sg.close());
  const baseUrl = await sg.listen();
  t.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  const res = await fetch(`${baseUrl}/v3/mail/send`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(validMail()),
  });
  t.equal(res.status, 202);
  t.equal(sg.messages()[0]?.id, res.headers.get('x-message-id'));
});
