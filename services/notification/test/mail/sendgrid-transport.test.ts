import { createServer } from 'node:net';
import t from 'tap';
import { createSendgridEmulator } from '@lumira/sendgrid-emulator';
import type { MailMessage } from '../../src/mail/mail-message.js';
import { MailSendError } from '../../src/mail/mail-send-error.js';
import { createSendgridTransport } from '../../src/mail/sendgrid-transport.js';

const apiKey = 'SG.transport-test.very-secret-key';

const message = (over: Partial<MailMessage> = {}): MailMessage => ({
  to: { email: 'ada@example.com', name: 'Ada Lovelace' },
  from: { email: 'shop@lumira.example', name: 'Lumira' },
  subject: 'Confirmation de votre achat : Tirage',
  text: 'Merci pour votre achat.',
  html: '<p>Merci pour votre achat.</p>',
  categories: ['order.completed'],
  customArgs: { orderId: 'ord_123' },
  ...over,
});

const emulator = createSendgridEmulator({ apiKey, logger: false });
let baseUrl = '';
t.before(async () => {
  baseUrl = await emulator.listen();
});
t.teardown(() => emulator.close());
t.beforeEach(() => emulator.reset());

async function failureOf(promise: Promise<unknown>): Promise<MailSendError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MailSendError) return error;
    throw error;
  }
  throw new Error('the send was expected to fail');
}

t.test('an accepted mail is stored with its sender, recipient, subject and both parts', async (t) => {
  const transport = createSendgridTransport({ apiKey, baseUrl });
  const result = await transport.send(message());
  const [stored] = emulator.messages();
  t.equal(emulator.messages().length, 1);
  t.equal(result.providerMessageId, stored?.id);
  t.match(stored?.body, {
    from: { email: 'shop@lumira.example', name: 'Lumira' },
    personalizations: [{ to: [{ email: 'ada@example.com', name: 'Ada Lovelace' }] }],
    subject: 'Confirmation de votre achat : Tirage',
    content: [
      { type: 'text/plain', value: 'Merci pour votre achat.' },
      { type: 'text/html', value: '<p>Merci pour votre achat.</p>' },
    ],
    categories: ['order.completed'],
    custom_args: { orderId: 'ord_123' },
  });
});

t.test('a template mail goes out with its template id and dynamic data, without content', async (t) => {
  const transport = createSendgridTransport({ apiKey, baseUrl });
  await transport.send(message({ templateId: 'd-abc123', dynamicData: { productName: 'Tirage', level: 2 } }));
  const body = emulator.messages()[0]?.body;
  t.equal(body?.template_id, 'd-abc123');
  t.match(body?.personalizations, [{ dynamic_template_data: { productName: 'Tirage', level: 2 } }]);
  t.equal(body?.content, undefined);
});

t.test('a 429 is retryable and carries the Retry-After', async (t) => {
  emulator.injectFailure({ status: 429, retryAfterSeconds: 12 });
  const error = await failureOf(createSendgridTransport({ apiKey, baseUrl }).send(message()));
  t.equal(error.kind, 'retryable');
  t.equal(error.status, 429);
  t.equal(error.retryAfterMs, 12_000);
  t.equal(error.message, 'too many requests');
});

t.test('a 500 and a 503 are retryable', async (t) => {
  emulator.injectFailure({ status: 500 });
  emulator.injectFailure({ status: 503 });
  const transport = createSendgridTransport({ apiKey, baseUrl });
  for (const status of [500, 503]) {
    const error = await failureOf(transport.send(message()));
    t.equal(error.kind, 'retryable');
    t.equal(error.status, status);
    t.equal(error.retryAfterMs, undefined);
  }
  t.equal(emulator.messages().length, 0);
});

t.test("a 400 is permanent and carries SendGrid's messages, without the recipient address", async (t) => {
  const transport = createSendgridTransport({ apiKey, baseUrl });
  const invalid = await failureOf(transport.send(message({ from: { email: 'not-an-address', name: 'Lumira' } })));
  t.equal(invalid.kind, 'permanent');
  t.equal(invalid.status, 400);
  t.equal(invalid.message, 'The from email does not contain a valid address.');

  emulator.injectFailure({
    status: 400,
    errors: [
      { message: 'You have included ada@example.com more than once.', field: 'personalizations.0' },
      { message: 'Invalid category.', field: 'categories' },
    ],
  });
  const injected = await failureOf(transport.send(message()));
  t.equal(injected.message, 'You have included [address] more than once.; Invalid category.');
  t.notMatch(injected.message, 'ada@example.com');
});

t.test('a 401 is permanent, and no error ever shows the API key', async (t) => {
  const wrongKey = 'SG.wrong.key-that-must-not-leak';
  const error = await failureOf(createSendgridTransport({ apiKey: wrongKey, baseUrl }).send(message()));
  t.equal(error.kind, 'permanent');
  t.equal(error.status, 401);
  t.equal(error.message, 'The provided authorization grant is invalid, expired, or revoked');
  t.notMatch(JSON.stringify(error), wrongKey);
  t.notMatch(String(error.stack), wrongKey);
  t.equal(error.cause, undefined);

  emulator.injectFailure({ status: 403, errors: [{ message: `key ${apiKey} lacks mail.send` }] });
  const echoed = await failureOf(createSendgridTransport({ apiKey, baseUrl }).send(message()));
  t.equal(echoed.kind, 'permanent');
  t.equal(echoed.message, 'key [api key] lacks mail.send');
});

t.test('an unreachable SendGrid is a retryable failure', async (t) => {
  const closedPort = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  const error = await failureOf(createSendgridTransport({ apiKey, baseUrl: `http://127.0.0.1:${closedPort}` }).send(message()));
  t.equal(error.kind, 'retryable');
  t.equal(error.status, undefined);
  t.match(error.message, /^SendGrid unreachable: ECONNREFUSED/);
});

t.test('a SendGrid that does not answer in time is a retryable failure', async (t) => {
  const silent = createServer(() => {}).listen(0, '127.0.0.1');
  await new Promise((resolve) => silent.once('listening', resolve));
  t.teardown(() => {
    silent.close();
  });
  const address = silent.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const transport = createSendgridTransport({ apiKey, baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 100 });
  const error = await failureOf(transport.send(message()));
  t.equal(error.kind, 'retryable');
  t.match(error.message, /^SendGrid unreachable: /);
});
