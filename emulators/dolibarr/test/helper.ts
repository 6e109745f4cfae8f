import type { Test } from 'tap';
import { createDolibarrEmulator, type DolibarrEmulator, type DolibarrEmulatorOptions } from '../src/index.js';

export const apiKey = 'test-dolibarr-key';

export interface Answer {
  status: number;
  body: any;
  type: string;
  raw: string;
  bytes: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export interface Harness {
  dolibarr: DolibarrEmulator;
  clock: { now: Date; advance(seconds: number): void };
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown, headers?: Record<string, string>): Promise<Answer>;
}

/** An emulator on a fixed clock (2025-11-14 10:00 UTC), closed when the test ends. */
export function harness(t: Test, options: Partial<DolibarrEmulatorOptions> = {}): Harness {
  const clock = {
    now: new Date('2025-11-14T10:00:00Z'),
    advance(seconds: number) {
      clock.now = new Date(clock.now.getTime() + seconds * 1000);
    },
  };
  const dolibarr = createDolibarrEmulator({ apiKey, badKeyDelayMs: 10, now: () => clock.now, ...options });
  t.teardown(() => dolibarr.close());
  return {
    dolibarr,
    clock,
    async call(method, path, payload, headers = { dolapikey: apiKey }) {
      const response = await dolibarr.app.inject({
        method,
        url: `/api/index.php${path}`,
        headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      let body: unknown;
      try {
        body = response.body === '' ? undefined : JSON.parse(response.body);
      } catch {
        body = undefined;
      }
      return {
        status: response.statusCode,
        body,
        type: String(response.headers['content-type'] ?? ''),
        raw: response.body,
        bytes: response.rawPayload,
        headers: response.headers as Record<string, string | string[] | undefined>,
      };
    },
  };
}

export function filterQuery(sqlfilters: string, extra = ''): string {
  return `?sqlfilters=${encodeURIComponent(sqlfilters)}${extra}`;
}
