import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import t, { type Test } from 'tap';
import { stripeCallMs } from '@lumira/config';
import { createStripeClient, isStripeError } from '../src/stripe-client.js';
import { MAX_STRIPE_ANSWER_BYTES } from '../src/stripe-http.js';

/** A Stripe that misbehaves on the wire as each test says; counts the tries and the connections. */
async function fakeStripe(t: Test, answer: (req: IncomingMessage, res: ServerResponse, tryNumber: number) => void) {
  const seen = { tries: 0, connections: 0, ports: [] as number[] };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.tries += 1;
    seen.ports.push(req.socket.remotePort!);
    req.resume();
    req.on('end', () => answer(req, res, seen.tries));
  });
  server.on('connection', (socket) => {
    seen.connections += 1;
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const intent = JSON.stringify({ id: 'pi_1', object: 'payment_intent', status: 'succeeded', metadata: { orderId: 'o1' } });

t.test('an answer that trickles in is cut at the timeout, not only when the socket falls silent', async (t) => {
  // Headers at once, then a byte every 50 ms: never silent for the 300 ms timeout, whole only after 60 s.
  const body = intent.padEnd(1_200, ' ');
  const { base, seen } = await fakeStripe(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    let sent = 0;
    const drip = setInterval(() => {
      if (res.destroyed || sent >= body.length) return clearInterval(drip);
      res.write(body[sent++]!);
    }, 50);
    res.on('close', () => clearInterval(drip));
  });
  const stripe = createStripeClient({ apiBase: base, timeoutMs: 300 })!;
  const started = Date.now();
  const err = await stripe.paymentIntents.retrieve('pi_1').then(
    () => null,
    (e: unknown) => e,
  );
  const elapsed = Date.now() - started;
  t.match(
    err,
    { type: 'StripeConnectionError', message: /timeout being reached \(300ms\)/ },
    'a connection error naming the timeout, as stripe-node reports its own',
  );
  // stripe-node retries a try that failed before its headers, not one whose body failed (its own client alike).
  t.equal(seen.tries, 1, 'the answer had begun: not retried');
  t.ok(elapsed <= stripeCallMs(300), `within the call's budget (${elapsed} ms, budget ${stripeCallMs(300)} ms)`);
});

t.test('headers that never come end the try at its timeout', async (t) => {
  const { base, seen } = await fakeStripe(t, (_req, res, n) => {
    if (n === 1) return; // holds the first try open, silent
    res.writeHead(200, { 'content-type': 'application/json' }).end(intent);
  });
  const stripe = createStripeClient({ apiBase: base, timeoutMs: 300 })!;
  const pi = await stripe.paymentIntents.retrieve('pi_1');
  t.equal(pi.id, 'pi_1', 'the retry answered');
  t.equal(seen.tries, 2, 'after the first try timed out');
});

t.test('a connection cut in the middle of the body is a connection error', async (t) => {
  const { base, seen } = await fakeStripe(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(intent.length) });
    res.write(intent.slice(0, 10), () => res.destroy());
  });
  const stripe = createStripeClient({ apiBase: base, timeoutMs: 5_000 })!;
  const err = await stripe.paymentIntents.retrieve('pi_1').then(
    () => null,
    (e: unknown) => e,
  );
  t.match(err, { type: 'StripeConnectionError', message: /connection to Stripe/ }, 'not taken for an answer, nor for invalid JSON');
  t.equal(seen.tries, 1);
});

t.test('a kept-alive connection the other side closed is tried again', async (t) => {
  const { base, seen } = await fakeStripe(t, (req, res, n) => {
    if (n === 2) return req.socket.destroy(); // a stale keep-alive connection: closed with the request on it
    res.writeHead(200, { 'content-type': 'application/json' }).end(intent);
  });
  const stripe = createStripeClient({ apiBase: base, timeoutMs: 5_000 })!;
  await stripe.paymentIntents.retrieve('pi_1');
  const pi = await stripe.paymentIntents.retrieve('pi_1');
  t.equal(pi.id, 'pi_1');
  t.equal(seen.tries, 3, 'the closed try, then one on a new connection');
  t.equal(seen.connections, 2);
});

t.test('an answer stripe-node retries without reading frees its connection; calls reuse kept-alive ones', async (t) => {
  const { base, seen } = await fakeStripe(t, (_req, res, n) => {
    if (n === 1) {
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'api_error', message: 'try again' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${n}` }).end(intent);
  });
  const stripe = createStripeClient({ apiBase: base, timeoutMs: 5_000 })!;
  const first = await stripe.paymentIntents.retrieve('pi_1');
  t.equal(first.lastResponse.requestId, 'req_2', 'the 503 was retried and the second answer is the one returned');
  for (let i = 0; i < 5; i++) await stripe.paymentIntents.retrieve('pi_1');
  t.equal(seen.tries, 7);
  t.equal(seen.ports[1], seen.ports[0], "the retry went on the 503's connection");
  // undici frees a connection a tick after its answer ends, so a call made at once may open a second one.
  t.ok(seen.connections <= 2, `kept-alive connections, not one per call (${seen.connections} for 7 calls)`);
});

t.test('an API error keeps its status, code and request id', async (t) => {
  const { base } = await fakeStripe(t, (_req, res) => {
    res
      .writeHead(404, { 'content-type': 'application/json', 'request-id': 'req_missing' })
      .end(JSON.stringify({ error: { type: 'invalid_request_error', code: 'resource_missing', param: 'intent', message: 'No such payment_intent' } }));
  });
  const stripe = createStripeClient({ apiBase: base, timeoutMs: 5_000 })!;
  const err = await stripe.paymentIntents.retrieve('pi_x').then(
    () => null,
    (e: unknown) => e,
  );
  t.ok(isStripeError(err));
  t.match(err, { statusCode: 404, code: 'resource_missing', param: 'intent', requestId: 'req_missing' });
});

t.test('an answer that is not JSON is reported as such, not as a connection error', async (t) => {
  const { base, seen } = await fakeStripe(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy error</html>');
  });
  const stripe = createStripeClient({ apiBase: base, timeoutMs: 5_000 })!;
  const err = await stripe.paymentIntents.retrieve('pi_1').then(
    () => null,
    (e: unknown) => e,
  );
  t.match(err, { type: 'StripeAPIError', message: 'Invalid JSON received from the Stripe API' });
  t.equal(seen.tries, 1, 'not retried');
});

t.test('an answer larger than the cap is not read whole, declared or not', async (t) => {
  // Chunks of 1 MiB, without end, until the client goes away: only the cap stops the reading.
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  for (const declared of [true, false]) {
    let written = 0;
    const { base, seen } = await fakeStripe(t, (_req, res) => {
      const length = MAX_STRIPE_ANSWER_BYTES + 1;
      res.writeHead(200, { 'content-type': 'application/json', ...(declared ? { 'content-length': String(length) } : {}) });
      const more = () => {
        while (!res.destroyed && written < 4 * MAX_STRIPE_ANSWER_BYTES) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
      };
      res.write('{"id":"pi_1",', more);
    });
    const stripe = createStripeClient({ apiBase: base, timeoutMs: 20_000 })!;
    const err = await stripe.paymentIntents.retrieve('pi_1').then(
      () => null,
      (e: unknown) => e,
    );
    t.match(err, { type: 'StripeConnectionError' }, `${declared ? 'declared' : 'chunked'}: a connection error, not an answer`);
    t.equal(seen.tries, 1, 'not retried');
    // What was sent before the client went away: the cap and what the socket buffers, not the 64 MiB on offer.
    t.ok(written < 2 * MAX_STRIPE_ANSWER_BYTES, `${declared ? 'declared' : 'chunked'}: ${written} bytes sent before the client stopped reading`);
  }
});
