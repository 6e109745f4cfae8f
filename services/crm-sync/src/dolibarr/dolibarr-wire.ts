import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';

// Required, not imported: an ES import of node:http makes Node read every export, the lazy WebSocket among
// them, which loads Node's own copy of undici for nothing.
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');

/**
 * One HTTP exchange with a single deadline over all of it: connecting, the status line and headers, and the
 * whole body. Node's fetch was seen never to settle on a Dolibarr error page whose body ends by closing the
 * connection, and an AbortSignal did not end it; here the deadline destroys the socket whatever state the
 * exchange is in, and a body that ends by close is simply read to its end.
 */

export interface WireRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface WireResponse {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: Buffer;
}

export type WireFailureReason = 'timeout' | 'network' | 'too_large';

export class WireError extends Error {
  override name = 'WireError';
  constructor(
    readonly reason: WireFailureReason,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface Wire {
  exchange(request: WireRequest): Promise<WireResponse>;
  close(): void;
}

export function createWire({ deadlineMs, maxBodyBytes }: { deadlineMs: number; maxBodyBytes: number }): Wire {
  // Kept-alive sockets save a TLS handshake per call; a destroyed exchange takes its socket with it.
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 8 }), https: new https.Agent({ keepAlive: true, maxSockets: 8 }) };

  function exchange({ url, method, headers, body }: WireRequest): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(url, { method, headers, agent: secure ? agents.https : agents.http });
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        outcome();
      };
      const fail = (error: WireError) => {
        finish(() => reject(error));
        request.destroy();
      };
      const deadline = setTimeout(() => fail(new WireError('timeout', `no complete answer within ${deadlineMs} ms`)), deadlineMs);

      request.on('error', (error: NodeJS.ErrnoException) => fail(new WireError('network', error.code ?? error.message, error.code)));
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes) fail(new WireError('too_large', `answer larger than ${maxBodyBytes} bytes`));
          else chunks.push(chunk);
        });
        response.on('error', (error: NodeJS.ErrnoException) => fail(new WireError('network', error.code ?? error.message, error.code)));
        // 'aborted' then 'close' without 'end': the connection was cut inside a framed body.
        response.on('close', () => {
          if (!response.complete) fail(new WireError('network', 'connection closed in the middle of the answer'));
        });
        response.on('end', () => finish(() => resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes: Buffer.concat(chunks) })));
      });
      request.end(body);
    });
  }

  return {
    exchange,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
