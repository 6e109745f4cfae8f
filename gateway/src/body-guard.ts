import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import createError from '@fastify/error';
import { lingeringClose } from '@lumira/http';

export const BodyTooLargeError = createError<[number]>('FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is larger than %d bytes', 413);
export const BodyTimeoutError = createError('REQUEST_TIMEOUT', 'The request body stopped arriving; send it again', 408);
/** The client went away before its body was complete: nothing may reach a service as if it were whole. */
export const ClientGoneError = createError('CLIENT_CLOSED_REQUEST', 'The client closed the connection before its request was complete', 499);

/** After a refusal, this much more of a body is read and dropped so the client still sending reads the answer. */
const DISCARD_BUDGET_BYTES = 1024 * 1024;

export interface BodyGuardOptions {
  limit: number;
  /** The longest pause between two pieces of the body. */
  idleTimeoutMs: number;
  /** The reply to this request: the connection is only ever closed after it is written. */
  response: ServerResponse;
  /** Called once, when the body is first read (the moment to send `100 Continue`). */
  onFirstRead?: () => void;
}

type Phase = 'waiting' | 'forwarding' | 'discarding' | 'ended';

/**
 * A request body as a stream of its exact bytes, counted as they pass: past the limit it fails with 413
 * however the body is framed (a declared length or chunks; what the headers claim does not matter), a
 * client that stalls fails it with 408, and one that leaves fails it rather than ending it early. What
 * the client sends after a failure, or when nobody reads the body, is read and dropped (within a budget,
 * then the connection is closed) so the connection can carry the answer and the next request.
 */
export class BodyGuard extends Readable {
  #phase: Phase = 'waiting';
  #received = 0;
  #discarded = 0;
  #idle: NodeJS.Timeout | undefined;
  #closing = false;
  /** Paused because the reader is slower than the client: that is no idle client. */
  #held = false;
  /** Node detaches the request from its socket once the reply is written: the socket is kept here. */
  readonly #socket: Socket;
  #done = false;
  #waiters: (() => void)[] = [];

  constructor(
    private readonly req: IncomingMessage,
    private readonly options: BodyGuardOptions,
  ) {
    super();
    this.#socket = req.socket;
  }

  override _read(): void {
    if (this.#phase === 'waiting') {
      this.options.onFirstRead?.();
      this.#listen('forwarding');
    }
    this.#held = false;
    this.#idle?.refresh();
    this.req.resume();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    // The reader gave up (the limit, a service that failed mid-way): the rest is read and dropped.
    if (this.#phase === 'forwarding') {
      this.#phase = 'discarding';
      this.req.resume();
    }
    callback(err);
  }

  /** A reply is going out and nobody read the body: it is read and dropped rather than left in the socket. */
  discard(): void {
    if (this.#phase === 'waiting') this.#listen('discarding');
  }

  /** Resolves once no more of the body will be read: it ended, the client left, or it is being cut off. */
  async settled(): Promise<void> {
    if (!this.#done) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  #settle(): void {
    this.#done = true;
    for (const wake of this.#waiters.splice(0)) wake();
  }

  #listen(phase: 'forwarding' | 'discarding'): void {
    this.#phase = phase;
    this.req.on('data', this.#onData);
    this.req.on('end', this.#onEnd);
    this.req.on('close', this.#onClose);
    this.#idle = setTimeout(this.#onIdle, this.options.idleTimeoutMs);
    this.#idle.unref();
    if (phase === 'discarding') this.req.resume();
  }

  #onData = (chunk: Buffer): void => {
    this.#idle?.refresh();
    this.#received += chunk.length;
    if (this.#phase === 'forwarding') {
      if (this.#received <= this.options.limit) {
        if (!this.push(chunk)) {
          this.#held = true;
          this.req.pause();
        }
        return;
      }
      this.#discarded = this.#received - this.options.limit;
      this.destroy(new BodyTooLargeError(this.options.limit));
    } else {
      this.#discarded += chunk.length;
    }
    if (this.#discarded > DISCARD_BUDGET_BYTES) this.#closeAfterReply();
  };

  #onEnd = (): void => {
    clearTimeout(this.#idle);
    this.#settle();
    const forwarding = this.#phase === 'forwarding';
    this.#phase = 'ended';
    if (forwarding) this.push(null);
  };

  #onClose = (): void => {
    clearTimeout(this.#idle);
    this.#settle();
    if (this.req.complete) return;
    const forwarding = this.#phase === 'forwarding';
    this.#phase = 'ended';
    if (forwarding) this.destroy(new ClientGoneError());
  };

  #onIdle = (): void => {
    if (this.#held && this.#phase === 'forwarding') return void this.#idle?.refresh();
    if (this.#phase === 'forwarding') this.destroy(new BodyTimeoutError());
    this.#closeAfterReply();
  };

  /** Holds the client (TCP backpressure) until its answer is written, then closes without a reset. */
  #closeAfterReply(): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#settle();
    this.req.pause();
    const { response } = this.options;
    const close = () => lingeringClose(this.#socket);
    if (response.writableFinished || response.destroyed) close();
    else response.once('finish', close).once('close', close);
  }
}
