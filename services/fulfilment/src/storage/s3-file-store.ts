import { createReadStream } from 'node:fs';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Logger } from 'pino';
import type { FileStore } from './file-store.js';

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint: string | undefined;
  publicEndpoint: string | undefined;
  forcePathStyle: boolean;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  timeoutMs: number;
  presignSeconds: number;
}

/**
 * The SDK's warnings and errors into our log (it writes them to the console otherwise); its debug and
 * info output, which describes requests, is dropped.
 */
const sdkLogger = (log: Logger) => ({
  debug: () => undefined,
  info: () => undefined,
  warn: (message: unknown) => log.warn({ component: 's3' }, String(message)),
  error: (message: unknown) => log.error({ component: 's3' }, String(message)),
});

function clientConfig(settings: S3Settings, endpoint: string | undefined, log: Logger): S3ClientConfig {
  return {
    region: settings.region,
    logger: sdkLogger(log),
    forcePathStyle: settings.forcePathStyle,
    ...(endpoint ? { endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
    // Checksums only where S3 demands them: many S3-compatible storages refuse the SDK's default
    // streaming (aws-chunked) checksums on uploads.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Connect and idle bounds per request; each call also carries an overall deadline (abortSignal).
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  };
}

/** Any S3-compatible storage through the official SDK; objects are written without any public ACL. */
export function createS3FileStore(settings: S3Settings, log: Logger): FileStore {
  const client = new S3Client(clientConfig(settings, settings.endpoint, log));
  const presigner = settings.publicEndpoint ? new S3Client(clientConfig(settings, settings.publicEndpoint, log)) : client;
  const Bucket = settings.bucket;
  const deadline = () => ({ abortSignal: AbortSignal.timeout(settings.timeoutMs) });
  return {
    kind: 's3',
    description: `S3 bucket ${Bucket}${settings.endpoint ? ` at ${settings.endpoint}` : ''}`,
    async put(key, localPath, meta) {
      await client.send(
        new PutObjectCommand({ Bucket, Key: key, Body: createReadStream(localPath), ContentLength: meta.size, ContentType: meta.contentType }),
        deadline(),
      );
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }), deadline());
    },
    async deliver(key, meta) {
      const command = new GetObjectCommand({
        Bucket,
        Key: key,
        ResponseContentType: meta.contentType,
        ResponseContentDisposition: `inline; filename="${meta.fileName}"`,
      });
      return { type: 'redirect', url: await getSignedUrl(presigner, command, { expiresIn: settings.presignSeconds }) };
    },
    async check() {
      await client.send(new HeadBucketCommand({ Bucket }), { abortSignal: AbortSignal.timeout(2_000) });
      return { status: 'up', detail: `s3 bucket ${Bucket}` };
    },
    async close() {
      client.destroy();
      if (presigner !== client) presigner.destroy();
    },
  };
}
