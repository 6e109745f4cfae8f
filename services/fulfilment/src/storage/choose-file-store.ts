import path from 'node:path';
import type { Logger } from 'pino';
import type { FulfilmentConfig } from '../app.js';
import { createEmbeddedFileStore } from './embedded-file-store.js';
import type { FileStore } from './file-store.js';

/**
 * S3 when a bucket is named, otherwise the embedded store under DATA_DIR. The AWS SDK is loaded only when
 * S3 is used: it is some 35 MB of resident memory that a process without a bucket would carry for nothing.
 */
export async function createFileStore(config: FulfilmentConfig, log: Logger): Promise<FileStore> {
  if (!config.S3_BUCKET) return createEmbeddedFileStore(path.resolve(config.DATA_DIR, 'files'));
  const { createS3FileStore } = await import('./s3-file-store.js');
  return createS3FileStore(
    {
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      publicEndpoint: config.S3_PUBLIC_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      timeoutMs: config.S3_TIMEOUT_MS,
      presignSeconds: config.S3_PRESIGN_SECONDS,
    },
    log,
  );
}
