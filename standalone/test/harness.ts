import { Writable } from 'node:stream';
import type { Test } from 'tap';
import Stripe from 'stripe';
import { startNatsServer, tempDir, waitFor, type NatsServerHandle } from '@lumira/testing';
import { startSystem, type RunningSystem } from '../src/system.js';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface TestSystem {
  system: RunningSystem;
  stripe: Stripe;
  dataDir: string;
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<{ status: number; body: any; headers: Headers }>;
  admin(path: string): Promise<any>;
  /** Waits for the order to reach `status` (15 s unless told). */
  waitForOrder(orderId: string, status: string, timeoutMs?: number): Promise<any>;
  user(email: string): Promise<any>;
  /** Every log line of the system (services and gateway), parsed; only with `captureLogs`. */
  logs: { level: number; msg: string; service?: string; [key: string]: unknown }[];
  /** The nats-server of a system started with `nats: true` (to kill and restart it). */
  nats: NatsServerHandle | undefined;
}

/** The whole system as `npm start` runs it, on ports the OS picks, over the in-process bus or a real nats-server. */
export async function startTestSystem(t: Test, options: { nats?: boolean; env?: Record<string, string>; captureLogs?: boolean } = {}): Promise<TestSystem> {
  const data = await tempDir('lumira-e2e-');
  const nats = options.nats ? await startNatsServer() : undefined;
  const env: Record<string, string | undefined> = {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
    DATA_DIR: data.dir,
    ADMIN_API_KEY: ADMIN_KEY,
    RATE_LIMIT_MAX: '100000',
    NATS_URL: nats?.url,
    ...options.env,
  };
  const logs: TestSystem['logs'] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as TestSystem['logs'][number]);
      done();
    },
  });
  const system = await startSystem(env, { ephemeralPorts: true, ...(options.captureLogs ? { logDestination } : {}) });
  t.teardown(async () => {
    await system.stop();
    await nats?.stop();
    await data.remove();
  });
  const emulatorUrl = new URL(system.serviceUrls['stripe-emulator'] ?? 'http://127.0.0.1:0');
  const stripe = new Stripe('sk_test_e2e', { host: emulatorUrl.hostname, port: Number(emulatorUrl.port), protocol: 'http', maxNetworkRetries: 0 });

  async function api(path: string, init: RequestInit & { json?: unknown } = {}) {
    const headers = new Headers(init.headers);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const res = await fetch(new URL(path, system.gatewayUrl), { ...init, headers, body: body ?? null });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  }
  async function admin(path: string) {
    const res = await api(path, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    if (res.status !== 200) throw new Error(`admin ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  /** Reads through the admin list, which never syncs with Stripe: only the webhook path can move the order. */
  async function waitForOrder(orderId: string, status: string, timeoutMs = 15_000) {
    return await waitFor(
      async () => {
        const { orders } = await admin(`/api/admin/orders?limit=200`);
        const found = orders.find((o: { id: string }) => o.id === orderId);
        return found?.status === status ? found : undefined;
      },
      { what: `order ${orderId} ${status}`, timeoutMs },
    );
  }
  async function user(email: string) {
    const { users } = await admin(`/api/admin/users?email=${encodeURIComponent(email)}`);
    return users[0];
  }
  return { system, stripe, dataDir: data.dir, api, admin, waitForOrder, user, logs, nats };
}
