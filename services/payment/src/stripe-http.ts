import { Agent, type Dispatcher } from '@lumira/http/undici';
import type Stripe from 'stripe';

/**
 * The largest answer read. Stripe's largest are list pages of 100 objects, some expanded: a few MB at most.
 * Without a cap, an answer that never ends before the deadline would be held in memory whole.
 */
export const MAX_STRIPE_ANSWER_BYTES = 16 * 1024 * 1024;

const tooLarge = () => new Error(`Stripe's answer is larger than ${MAX_STRIPE_ANSWER_BYTES} bytes: not read`);

/** The body as text, or an error as soon as it passes the cap (declared or read), the rest left unread. */
async function readCapped(body: Dispatcher.ResponseData['body'], declared: string | string[] | undefined): Promise<string> {
  if (Number(declared) > MAX_STRIPE_ANSWER_BYTES) {
    body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_STRIPE_ANSWER_BYTES) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * stripe-node's HTTP client over undici, with one deadline over each try: connecting, the status line and
 * headers, and the whole body. stripe-node's own Node client only ends a try whose socket stays silent for
 * `timeout`, so an answer that trickles in a byte at a time never ends, and STRIPE_TIMEOUT_MS × tries
 * (libs/config timeout-budget) would not bound a call. undici also costs less CPU per call than Node's
 * http client: ~40 µs less per PaymentIntent read in the calling process (bench/stripe-client.ts).
 *
 * Failures reach stripe-node as its own client's do: a deadline as its timeout error, a connection the
 * other side closed as ECONNRESET (which it retries once even without retries), a body cut short as a
 * body error — so its retries and its StripeConnectionError messages are unchanged. An answer larger than
 * MAX_STRIPE_ANSWER_BYTES is a body error too.
 */
export function boundedStripeHttpClient(sdk: typeof Stripe): Stripe.HttpClient {
  const { HttpClient, HttpClientResponse } = sdk;
  // Kept-alive connections per origin, as stripe-node's default agent keeps them.
  const agent = new Agent({ keepAliveTimeout: 30_000 });

  interface Exchange {
    timedOut: boolean;
    timer: NodeJS.Timeout;
  }
  const end = (exchange: Exchange) => clearTimeout(exchange.timer);
  const failure = (exchange: Exchange, err: unknown): Error => {
    if (exchange.timedOut) return HttpClient.makeTimeoutError();
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'UND_ERR_SOCKET') return Object.assign(new Error((err as Error).message, { cause: err }), { code: 'ECONNRESET' });
    return err instanceof Error ? err : new Error(String(err));
  };

  class BoundedResponse extends HttpClientResponse {
    constructor(
      private readonly data: Dispatcher.ResponseData,
      private readonly exchange: Exchange,
    ) {
      super(data.statusCode, data.headers as Record<string, string>);
    }

    override getRawResponse(): unknown {
      return { statusCode: this.data.statusCode, headers: this.data.headers };
    }

    override toStream(streamCompleteCallback: () => void): Dispatcher.ResponseData['body'] {
      this.data.body.once('close', () => end(this.exchange));
      this.data.body.once('end', () => streamCompleteCallback());
      return this.data.body;
    }

    override async toJSON(): Promise<unknown> {
      let text: string;
      try {
        text = await readCapped(this.data.body, this.data.headers['content-length']);
      } catch (err) {
        throw HttpClient.makeResponseBodyError(failure(this.exchange, err));
      } finally {
        end(this.exchange);
      }
      return this._parseResponseBody(text);
    }

    /** stripe-node calls this on an answer it retries without reading: read to its end (a few KB, or the
     * connection is closed past 128 KB), so the connection serves the next try. */
    dispose(): void {
      this.data.body
        .dump()
        .catch(() => {})
        .finally(() => end(this.exchange));
    }
  }

  class BoundedHttpClient extends HttpClient {
    override getClientName(): string {
      return 'undici';
    }

    override async makeRequest(
      host: string,
      port: string,
      path: string,
      method: string,
      headers: Parameters<Stripe.HttpClient['makeRequest']>[4],
      requestData: string,
      protocol: string,
      timeout: number,
    ): Promise<Stripe.HttpClientResponse> {
      const controller = new AbortController();
      const exchange: Exchange = {
        timedOut: false,
        timer: setTimeout(() => {
          exchange.timedOut = true;
          controller.abort(HttpClient.makeTimeoutError());
        }, timeout),
      };
      let data: Dispatcher.ResponseData;
      try {
        data = await agent.request({
          origin: `${protocol}://${host}:${port}`,
          path,
          method: method as Dispatcher.HttpMethod,
          headers: headers as Record<string, string>,
          body: requestData || null,
          signal: controller.signal,
        });
      } catch (err) {
        end(exchange);
        throw failure(exchange, err);
      }
      return new BoundedResponse(data, exchange);
    }
  }

  return new BoundedHttpClient();
}
