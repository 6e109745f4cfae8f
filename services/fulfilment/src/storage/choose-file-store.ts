import path from 'node:path';
import type { Logger } from 'pino';
import type { FulfilmentConfig } from '../app.js';
import { createEmbeddedFileStore } from './embedded-file-store.js';
import type { FileStore } from './file-store.js';
import { createS3FileStore } from './s3-file-store.js';

/** S3 when a bucket is named, otherwise the embedded store under DATA_DIR. */
export function createFileStore(config: FulfilmentConfig, log: Logger): FileStore {
  if (!config.S3_BUCKET) return createEmbeddedFileStore(path.resolve(config.DATA_DIR, 'files'));
  return createS3FileStore({
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    publicEndpoint: config.S3_PUBLIC_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    timeoutMs: config.S3_TIMEOUT_MS,
    presignSeconds: config.S3_PRESIGN_SECONDS,
  }, log);
}
