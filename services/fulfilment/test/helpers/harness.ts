import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Test } from 'tap';
import type { Bus } from '@lumira/bus';
import { loadConfig } from '@lumira/config';
import type { Envelope, EventData, EventType } from '@lumira/contracts';
import { fulfilmentService } from '@lumira/fulfilment';
import type { ServiceApp } from '@lumira/http';
import { openStore, type Collection, type Store, type StoreRoot } from '@lumira/store';
import { completedOrder, tempDir, testLogger } from '@lumira/testing';
import { startS3Server, type S3ServerHandle } from '@lumira/testing/s3-server';
import type { ReadingDoc } from '../../src/reading.js';

export const ADMIN = 'admin-key-for-fulfilment-tests';
export const SIGNING_SECRET = 'signing-secret-for-fulfilment-tests-0123456789';

export interface Harness {
  url: string;
  bus: Bus;
  store: Store;
  readings: Collection<ReadingDoc>;
  dataDir: string;
  storage: 'embedded' | 's3';
  /** Events of the fulfilment.* subjects the service published, in order. */
  events: Envelope[];
  api(path: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<{ status: number; body: any; headers: Headers }>;
  /** Every object key in storage (bucket or DATA_DIR/files). */
  objects(): Promise<string[]>;
  /** Partial uploads still on disk. */
  partials(): Promise<string[]>;
  restart(): Promise<void>;
}

let seq = 0;

export function orderFacts(over: Partial<EventData<'order.completed'>> = {}): EventData<'order.completed'> {
  const n = seq++;
  return completedOrder(
    {
      orderId: `ord_f${process.pid}x${n}`,
      userId: `usr_f${process.pid}x${n}`,
      customerEmail: `customer.${process.pid}.${n}@example.com`,
      paymentIntentId: `pi_${n}`,
    },
    { customerName: 'Élise', completedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), ...over },
  );
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(entries.map(async (e) => (e.isDirectory() ? (await walk(path.join(dir, e.name))).map((f) => `${e.name}/${f}`) : [e.name])));
  return nested.flat();
}

/** The fulfilment service on a real port, over the given bus, with embedded storage or a real S3 (s3rver). */
export async function startHarness(
  t: Test,
  options: { openBus: () => Promise<Bus>; storage: 'embedded' | 's3'; env?: Record<string, string> },
): Promise<Harness> {
  const data = await tempDir('lumira-fulfilment-');
  const s3: S3ServerHandle | undefined = options.storage === 's3' ? await startS3Server() : undefined;
  const bus = await options.openBus();
  const root: StoreRoot = await openStore({ dataDir: data.dir });
  const store = root.forService('fulfilment');
  const events: Envelope[] = [];
  const capture = (type: EventType) => async (data: unknown, ctx: { id: string; correlationId: string; occurredAt: string }) => {
    events.push({ id: ctx.id, type, correlationId: ctx.correlationId, occurredAt: ctx.occurredAt, data });
  };
  const captured = await bus.subscribe({
    durable: `capture${process.pid}`,
    handlers: {
      'fulfilment.reading.delivered': capture('fulfilment.reading.delivered'),
      'fulfilment.sign-in.requested': capture('fulfilment.sign-in.requested'),
    },
  });
  const env: Record<string, string> = {
    LOG_LEVEL: 'silent',
    DATA_DIR: data.dir,
    ADMIN_API_KEY: ADMIN,
    DOWNLOAD_SIGNING_SECRET: SIGNING_SECRET,
    UPLOAD_MAX_PDF_BYTES: String(64 * 1024),
    UPLOAD_MAX_IMAGE_BYTES: '4096',
    ...(s3
      ? { S3_BUCKET: s3.bucket, S3_ENDPOINT: s3.url, S3_FORCE_PATH_STYLE: 'true', S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey }
      : {}),
    ...options.env,
  };
  const s3client = s3
    ? new S3Client({
        endpoint: s3.url,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      })
    : undefined;
  let app: ServiceApp;
  let url = '';
  const start = async () => {
    app = await fulfilmentService.build({ config: loadConfig('fulfilment', fulfilmentService.configSpec, env), logger: testLogger(), bus, store });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  };
  await start();
  t.teardown(async () => {
    await app.close();
    await captured.stop();
    await bus.close();
    await root.close();
    await s3?.stop();
    s3client?.destroy();
    await data.remove();
  });

  const harness: Harness = {
    get url() {
      return url;
    },
    bus,
    store,
    readings: store.collection<ReadingDoc>('readings'),
    dataDir: data.dir,
    storage: options.storage,
    events,
    async api(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      const res = await fetch(new URL(path, url), {
        ...init,
        headers,
        body: body ?? null,
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    async objects() {
      if (!s3client || !s3) return await walk(path.join(data.dir, 'files'));
      const listed = await s3client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
      return (listed.Contents ?? []).map((o) => o.Key!);
    },
    async partials() {
      return await walk(path.join(data.dir, 'uploads'));
    },
    async restart() {
      await app.close();
      await start();
    },
  };
  return harness;
}
