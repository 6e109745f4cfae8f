import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The part of s3rver (CommonJS, no types of its own) the helper uses. */
interface S3rver {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverOptions = { address: string; port: number; silent: boolean; directory: string; configureBuckets: { name: string }[] };
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: S3rverOptions) => S3rver;

export interface S3ServerHandle {
  /** The endpoint, for S3_ENDPOINT (path-style addressing). */
  url: string;
  bucket: string;
  /** Credentials s3rver accepts (it checks the request's form, not the secret). */
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** A real S3 implementation (s3rver) on a free port with one bucket, its objects in a temporary directory. */
export async function startS3Server(bucket = 'lumira-test'): Promise<S3ServerHandle> {
  const directory = await mkdtemp(path.join(tmpdir(), 'lumira-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    url: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
