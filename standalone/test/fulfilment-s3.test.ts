import t from 'tap';
import { startS3Server } from '@lumira/testing/s3-server';
import { fulfilmentFlows } from './fulfilment-flows.js';
import { startTestSystem } from './harness.js';

/** The whole system on a real nats-server, reading files in a real S3 implementation (s3rver). */
const s3 = await startS3Server();
t.teardown(() => s3.stop());
fulfilmentFlows(t, 's3', () =>
  startTestSystem(t, {
    nats: true,
    env: {
      ACCESS_URL: 'https://shop.example/espace',
      UPLOAD_MAX_PDF_BYTES: String(64 * 1024),
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.url,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    },
  }),
);
