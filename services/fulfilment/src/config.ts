import { fileURLToPath } from 'node:url';
import { commonConfig, env } from '@lumira/config';

/** The shop's one catalog, the payment service's: the levels and what each delivers are read from it. */
export const defaultCatalogPath = fileURLToPath(new URL('../../payment/catalog.json', import.meta.url));

const MiB = 1024 * 1024;

export const fulfilmentConfig = {
  ...commonConfig,
  PORT: env.port({ description: 'HTTP port of the fulfilment service', default: '3006' }),
  CATALOG_PATH: env.string({ description: 'JSON file of the products on sale (validated at start)', default: defaultCatalogPath }),
  PUBLIC_API_URL: env.optionalUrl({
    description: 'Public URL of the gateway, to make absolute download links; unset = links are paths (/api/files/…) on the API host',
  }),
  S3_BUCKET: env.optionalString({ description: 'Bucket of the reading files; unset = files are kept under DATA_DIR/files and served by the service' }),
  S3_REGION: env.string({ description: 'Region of the bucket', default: 'us-east-1' }),
  S3_ENDPOINT: env.optionalUrl({ description: 'Endpoint of an S3-compatible storage (OVH, Scaleway, MinIO…); unset = AWS' }),
  S3_PUBLIC_ENDPOINT: env.optionalUrl({
    description: 'Endpoint customers reach for downloads when it differs from S3_ENDPOINT (MinIO inside a cluster); unset = S3_ENDPOINT',
  }),
  S3_FORCE_PATH_STYLE: env.bool({
    description: 'Address the bucket in the path rather than the host name (MinIO and most S3-compatible storages)',
    default: 'false',
  }),
  S3_ACCESS_KEY_ID: env.optionalString({
    description: 'Access key of the bucket; unset = the SDK finds credentials (instance role, AWS_* variables)',
    secret: true,
  }),
  S3_SECRET_ACCESS_KEY: env.optionalString({ description: 'Secret key that goes with S3_ACCESS_KEY_ID', secret: true }),
  S3_TIMEOUT_MS: env.int({ description: 'Longest an S3 call may take, an upload of the largest file included', default: '300000', min: 1000 }),
  S3_PRESIGN_SECONDS: env.int({ description: 'Life of the presigned S3 URL a download link redirects to', default: '120', min: 10, max: 604800 }),
  DOWNLOAD_LINK_SECONDS: env.int({
    description: 'Life of a download link given to a customer or an expert (an audio player seeks with it)',
    default: '3600',
    min: 30,
    max: 604800,
  }),
  DOWNLOAD_SIGNING_SECRET: env.optionalString({ description: 'Key that signs download links; unset = a random key kept in the store', secret: true, min: 32 }),
  UPLOAD_MAX_PDF_BYTES: env.int({ description: 'Largest PDF an expert may upload', default: String(50 * MiB), min: 1024 }),
  UPLOAD_MAX_AUDIO_BYTES: env.int({
    description: 'Largest audio file an expert may upload (the gateway allows 512 MiB on /api/expert)',
    default: String(300 * MiB),
    min: 1024,
  }),
  UPLOAD_MAX_IMAGE_BYTES: env.int({ description: 'Largest image an expert may upload', default: String(20 * MiB), min: 1024 }),
  AUDIO_DURATION_TOLERANCE_PERCENT: env.int({
    description: 'How far an audio may be from the length its level promises, in percent either way',
    default: '20',
    min: 0,
    max: 100,
  }),
  SIGN_IN_LINK_MINUTES: env.int({ description: 'Life of a mailed sign-in link', default: '20', min: 1, max: 1440 }),
  SESSION_MINUTES: env.int({ description: "Life of a customer's session", default: '120', min: 5, max: 43200 }),
  SIGN_IN_PER_ADDRESS: env.int({ description: 'Sign-in links mailed to one address per SIGN_IN_WINDOW_MINUTES', default: '5', min: 1 }),
  SIGN_IN_PER_IP: env.int({ description: 'Sign-in requests from one IP per SIGN_IN_WINDOW_MINUTES', default: '20', min: 1 }),
  SIGN_IN_WINDOW_MINUTES: env.int({ description: 'Window of the sign-in limits', default: '60', min: 1 }),
};
